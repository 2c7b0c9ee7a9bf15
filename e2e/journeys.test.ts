/**
 * Journeys in a real browser: keyboard only, without JavaScript, and the sizes older eyes and hands need.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { DEMO_PASSWORD } from '../src/domains/identity/seed.ts'
import { translator } from '../src/platform/i18n/index.ts'
import { describeBrowser, type E2E, startE2E } from './harness.ts'

registerDomains()
const ko = translator('ko')
const en = translator('en')

interface Focused {
  tag: string
  id: string
  name: string
  text: string
  classes: string
  /** A focus indicator is drawn: an outline (including the browser's `auto` ring) or a box-shadow. */
  indicator: boolean
  style: string
}

/** What has keyboard focus now, and whether it shows a focus indicator. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body)
      return { tag: 'body', id: '', name: '', text: '', classes: '', indicator: false, style: '' }
    const s = getComputedStyle(el)
    const outline = s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== ''
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: el.getAttribute('name') ?? '',
      text: (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
      classes: el.className,
      indicator: outline || shadow,
      style: `outline: ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; box-shadow: ${s.boxShadow}`,
    }
  })
}

/** The trimmed text of the first element matching a selector. */
async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim()
}

/** Presses Tab and returns the new focus, which must show a focus indicator. */
async function tab(page: Page): Promise<Focused> {
  await page.keyboard.press('Tab')
  const f = await focused(page)
  expect(f.indicator, `no visible focus indicator on <${f.tag} id="${f.id}"> "${f.text}" (${f.style})`).toBe(
    true,
  )
  return f
}

describeBrowser('journeys', () => {
  let e2e: E2E
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    e2e = await startE2E()
  })
  afterAll(async () => {
    await e2e?.close()
  })

  async function newPage(options: Parameters<E2E['newContext']>[0] = {}): Promise<Page> {
    const context = await e2e.newContext(options)
    contexts.push(context)
    return context.newPage()
  }

  describe('keyboard only: staff sign-in', () => {
    it('skip link first, Enter moves focus to main, fields in order, Enter submits; the code step too', async () => {
      const page = await newPage()
      await page.goto('/staff/sign-in')

      const skip = await tab(page)
      expect(skip.tag).toBe('a')
      expect(skip.text).toBe(ko('layout.skip'))
      await page.keyboard.press('Enter')
      await expect.poll(() => focused(page).then((f) => f.id)).toBe('main')

      expect((await tab(page)).id).toBe('f-login')
      await page.keyboard.type('centre')
      expect((await tab(page)).id).toBe('f-password')
      await page.keyboard.type(DEMO_PASSWORD)
      await Promise.all([page.waitForURL('**/staff/sign-in/code'), page.keyboard.press('Enter')])

      // the second factor, by keyboard too
      expect((await tab(page)).text).toBe(ko('layout.skip'))
      await page.keyboard.press('Enter')
      await expect.poll(() => focused(page).then((f) => f.id)).toBe('main')
      expect((await tab(page)).id).toBe('f-code')
      await page.keyboard.type(await e2e.totpCode('centre'))
      await Promise.all([page.waitForURL('**/staff'), page.keyboard.press('Enter')])
      expect(await text(page, 'h1')).toBe(ko('ops.staffHome.title'))
    })

    it('an empty submit shows the error summary, which takes focus and whose links move focus to the fields', async () => {
      const page = await newPage()
      await page.goto('/staff/sign-in')
      await tab(page) // skip link
      await page.keyboard.press('Enter')
      await expect.poll(() => focused(page).then((f) => f.id)).toBe('main')
      expect((await tab(page)).id).toBe('f-login')
      expect((await tab(page)).id).toBe('f-password')
      const submit = await tab(page)
      expect(submit.tag).toBe('button')
      expect(submit.text).toBe(ko('identity.signIn.submit'))
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
        page.keyboard.press('Enter'),
      ])
      expect(res.status()).toBe(422)
      await page.waitForLoadState('load')

      const summary = page.locator('.error-summary')
      await expect.poll(() => summary.count()).toBe(1)
      await expect
        .poll(() => focused(page).then((f) => f.classes), {
          message: 'the error summary should receive focus on load',
        })
        .toContain('error-summary')
      const summaryFocus = await focused(page)
      expect(summaryFocus.indicator, `error summary focus is not visible (${summaryFocus.style})`).toBe(true)

      const first = await tab(page)
      expect(first.tag).toBe('a')
      expect(first.text).toBe(ko('identity.loginRequired'))
      await page.keyboard.press('Enter')
      await expect.poll(() => focused(page).then((f) => f.id)).toBe('f-login')

      expect((await tab(page)).id, 'Tab goes on from the field the link focused').toBe('f-password')

      // the second summary link goes to the password field
      await page.locator('.error-summary a').nth(1).focus()
      expect((await focused(page)).text).toBe(ko('identity.passwordRequired'))
      await page.keyboard.press('Enter')
      await expect.poll(() => focused(page).then((f) => f.id)).toBe('f-password')
    })
  })

  describe('without JavaScript', () => {
    it('language, text size and contrast change with the settings forms; sign in, admin page, sign out', async () => {
      const page = await newPage({ javaScriptEnabled: false })
      await page.goto('/')
      const html = page.locator('html')
      expect(await html.getAttribute('lang')).toBe('ko')
      expect(await text(page, 'h1')).toBe(ko('home.title'))

      await Promise.all([page.waitForURL('**/'), page.locator('button[name="lang"][value="en"]').click()])
      expect(await html.getAttribute('lang')).toBe('en')
      expect(await text(page, 'h1')).toBe(en('home.title'))
      expect(await text(page, '.skip-link')).toBe(en('layout.skip'))
      expect(await page.locator('button[name="lang"][value="en"]').getAttribute('aria-pressed')).toBe('true')

      await page.locator('button[name="textSize"][value="200"]').click()
      await expect.poll(() => html.getAttribute('class')).toContain('text-200')
      expect(await page.locator('button[name="textSize"][value="200"]').getAttribute('aria-pressed')).toBe(
        'true',
      )

      await page.locator('button[name="contrast"]').click()
      await expect.poll(() => html.getAttribute('class')).toContain('contrast-high')
      expect(await html.getAttribute('class')).toContain('text-200')
      expect(await page.locator('button[name="contrast"]').getAttribute('aria-pressed')).toBe('true')

      await e2e.signIn(page, 'admin')
      expect(new URL(page.url()).pathname).toBe('/staff')
      expect(await text(page, 'h1')).toBe(en('ops.staffHome.title'))
      await page.goto('/admin/messages')
      expect(await text(page, 'h1')).toBe(en('ops.messages.title'))
      expect(await html.getAttribute('lang')).toBe('en')
      expect(await html.getAttribute('class')).toContain('contrast-high')

      await Promise.all([
        page.waitForURL((u) => u.pathname === '/'),
        page.locator('form[action="/staff/sign-out"] button').click(),
      ])
      expect(await page.locator('form[action="/staff/sign-out"]').count()).toBe(0)
      await page.goto('/admin/messages')
      expect(new URL(page.url()).pathname).toBe('/staff/sign-in')
    })
  })

  describe('education: the Done-when journeys (ko and en)', () => {
    const db = () => e2e.database
    const one = async <T>(sql: string): Promise<T> => {
      const [row] = await db().query<T>(sql)
      if (!row) throw new Error(`no row: ${sql}`)
      return row
    }

    for (const [locale, t, goal] of [
      ['ko', ko, 'smartphone_basics'],
      ['en', en, 'video_call'],
    ] as const) {
      it(`${locale}: a citizen finds a class by goal, enrols, and sees it with what to learn next`, async () => {
        const context = await e2e.newContext()
        contexts.push(context)
        await context.addCookies([
          await e2e.citizenSession(),
          { name: 'gachi_lang', value: locale, url: e2e.baseUrl },
        ])
        const page = await context.newPage()
        await page.goto('/learn')
        expect(await text(page, 'h1')).toBe(t('education.learn.title'))
        await Promise.all([
          page.waitForURL((u) => u.searchParams.get('goal') === goal),
          page.getByRole('link', { name: t(`education.goal.${goal}`), exact: true }).click(),
        ])
        await Promise.all([
          page.waitForURL((u) => u.pathname.startsWith('/learn/courses/')),
          page.locator('main ul.link-list li a[href^="/learn/courses/"]').first().click(),
        ])
        await Promise.all([
          page.waitForURL((u) => u.pathname.endsWith('/enrol')),
          page.locator('main a.button[href$="/enrol"]').first().click(),
        ])
        await Promise.all([
          page.waitForURL((u) => u.pathname === '/me/learn'),
          page.getByRole('button', { name: t('education.enrol.confirm') }).click(),
        ])
        expect(await text(page, 'h1')).toBe(t('education.me.title'))
        expect(await page.locator('main').textContent()).toContain(t('education.status.enrolled'))
        expect(await page.getByRole('heading', { name: t('education.next.title') }).count()).toBe(1)
        expect(await page.locator('main h3 + ul.link-list li').count()).toBeGreaterThan(0)
      })
    }

    it('a manager schedules a class by the form; a phone operator enrols two callers; a cancellation promotes the waitlist with an SMS in the outbox; the tutor marks attendance on a phone with the network cut (nothing lost, nothing doubled); the certificate is issued and verifiable (en)', async () => {
      // the programme manager schedules a one-seat session of the kiosk course, taught by the demo tutor
      const manager = await (async () => {
        const c = await e2e.newContext()
        contexts.push(c)
        await c.addCookies([await e2e.staffSession('manager')])
        return c.newPage()
      })()
      const course = await one<{ id: string; title_ko: string }>(
        "select id, title_ko from edu_courses where goals ? 'kiosk' order by title_ko limit 1",
      )
      const tutorId = (await one<{ id: string }>("select id from staff_users where username = 'tutor'")).id
      let sessionId = ''
      for (let offset = 2; offset < 9 && !sessionId; offset++) {
        const day = new Date(Date.now() + 9 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10)
        const today = new Date(Date.now() + 9 * 3_600_000 - 86_400_000).toISOString().slice(0, 10)
        await manager.goto(`/staff/learn/courses/${course.id}/sessions/new?district=11110`)
        await manager.locator('#f-placeId').selectOption({ index: 1 })
        await manager.locator('#f-firstDay').fill(day)
        await manager.locator('#f-time').fill('19:30')
        await manager.locator('input[name="repeat"][value="once"]').check()
        await manager.locator('#f-capacity').fill('1')
        await manager.locator(`input[name="tutorIds"][value="${tutorId}"]`).check()
        await manager.locator('#f-opensDay').fill(today)
        await manager.getByRole('button', { name: ko('education.manage.saveSession') }).click()
        await manager.waitForLoadState('load')
        const m = /\/staff\/learn\/sessions\/([0-9a-f-]{36})\/edit/.exec(manager.url())
        if (m) sessionId = m[1]!
      }
      expect(sessionId, 'the session form should schedule the class').not.toBe('')

      // a phone operator enrols two callers: the first gets the seat, the second waits
      const operator = await (async () => {
        const c = await e2e.newContext()
        contexts.push(c)
        await c.addCookies([await e2e.staffSession('helpdesk')])
        return c.newPage()
      })()
      const callers = [
        { name: '전화일', birthDate: '1949-02-03', phone: '010-7000-0001' },
        { name: '전화이', birthDate: '1951-04-05', phone: '010-7000-0002' },
      ]
      for (const who of callers) {
        await operator.goto(`/staff/learn/sessions/${sessionId}`)
        await operator.locator('input[name="channel"][value="phone"]').check()
        await operator.locator('input[name="relationship"][value="self"]').check()
        await operator.locator('#f-name').fill(who.name)
        await operator.locator('#f-birthDate').fill(who.birthDate)
        await operator.locator('#f-phone').fill(who.phone)
        await operator.locator('input[name="consentGiven"][value="yes"]').check()
        await operator.locator('input[name="consentMethod"][value="verbal"]').check()
        await Promise.all([
          operator.waitForURL((u) => u.pathname === `/staff/learn/sessions/${sessionId}`),
          operator.getByRole('button', { name: ko('education.staff.enrolSubmit') }).click(),
        ])
        expect(await operator.locator('main').textContent()).toContain(who.name)
      }
      const rows = await db().query<{ id: string; status: string; channel: string }>(
        `select id, status, channel from edu_enrolments where session_id = '${sessionId}' order by seq`,
      )
      expect(rows.map((r) => [r.status, r.channel])).toEqual([
        ['enrolled', 'phone'],
        ['waitlisted', 'phone'],
      ])

      // the operator cancels the first caller: the second is promoted and texted (outbox), with the short link
      await Promise.all([
        operator.waitForURL((u) => u.pathname === `/staff/learn/sessions/${sessionId}`),
        operator
          .getByRole('button', { name: ko('education.staff.cancel', { name: callers[0]!.name }) })
          .click(),
      ])
      const promoted = rows[1]!.id
      expect(
        (await one<{ status: string }>(`select status from edu_enrolments where id = '${promoted}'`)).status,
      ).toBe('enrolled')
      const sms = await one<{ body: string }>(
        `select payload->>'body' as body from jobs where dedupe_key = 'edu-promoted:${promoted}'`,
      )
      expect(sms.body).toContain(course.title_ko)
      expect(sms.body).toMatch(/\/c\/[A-Z2-9]{8}/)

      // the tutor's roster on a phone-sized screen
      const phone = await e2e.newContext({
        viewport: { width: 390, height: 844 },
        hasTouch: true,
        isMobile: true,
      })
      contexts.push(phone)
      await phone.addCookies([await e2e.staffSession('tutor')])
      const tutor = await phone.newPage()
      const meetingId = (
        await one<{ id: string }>(`select id from edu_meetings where session_id = '${sessionId}'`)
      ).id
      await tutor.goto(`/teach/meetings/${meetingId}`)
      await tutor.locator('#edu-roster[data-ready="yes"]').waitFor()
      const present = tutor.getByRole('button', {
        name: ko('education.roster.markPresent', { name: callers[1]!.name }),
      })
      const box = await present.boundingBox()
      expect(box!.height).toBeGreaterThanOrEqual(44)
      expect(box!.width).toBeLessThanOrEqual(390)

      // the network drops: the mark and a walk-in wait on the phone
      await phone.setOffline(true)
      await present.tap()
      await tutor.locator('#f-name').fill('현장참여')
      await tutor.getByRole('button', { name: ko('education.walkIn.add') }).tap()
      await expect.poll(() => tutor.locator('#edu-roster').getAttribute('data-pending')).toBe('2')
      expect(await text(tutor, '#edu-sync')).toBe(ko('education.roster.pending', { n: 2 }))
      expect(await text(tutor, `[data-status-for="${promoted}"]`)).toContain(ko('education.roster.present'))
      expect(
        (await db().query(`select 1 from edu_attendance where enrolment_id = '${promoted}'`)).length,
        'nothing reaches the server while offline',
      ).toBe(0)

      // back online, but the first answer for the walk-in is lost on the way back: it is sent again with
      // the same key, and the server adds the person once
      let lost = 0
      await tutor.route('**/walk-ins', async (route) => {
        if (lost++ === 0) {
          await route.fetch()
          await route.abort('connectionreset')
        } else await route.continue()
      })
      await phone.setOffline(false)
      await tutor.evaluate(() => window.dispatchEvent(new Event('online')))
      await expect
        .poll(() => tutor.locator('#edu-roster').getAttribute('data-pending'), { timeout: 20_000 })
        .toBe('0')
      expect(lost).toBeGreaterThanOrEqual(2)
      expect(await text(tutor, '#edu-sync')).toBe(ko('education.roster.synced'))
      const marks = await db().query<{ present: boolean }>(
        `select present from edu_attendance where meeting_id = '${meetingId}'`,
      )
      expect(marks).toEqual([{ present: true }])
      const walk = await db().query(`select name from edu_walk_ins where meeting_id = '${meetingId}'`)
      expect(walk).toEqual([{ name: '현장참여' }])
      // after a reload the server's state shows the same
      await tutor.reload()
      expect(await text(tutor, `[data-status-for="${promoted}"]`)).toBe(ko('education.roster.present'))
      expect(await tutor.locator('#edu-walkins li').count()).toBe(1)

      // the certificate: issued by that mark (one meeting, 100%), checked by its code, in English
      const cert = await one<{ id: string; code: string }>(
        `select id, code from edu_certificates where enrolment_id = '${promoted}'`,
      )
      const pdf = await manager.request.get(`/api/v1/certificates/${cert.id}/pdf`)
      expect(pdf.headers()['content-type']).toBe('application/pdf')
      const check = await e2e.newContext()
      contexts.push(check)
      await check.addCookies([{ name: 'gachi_lang', value: 'en', url: e2e.baseUrl }])
      const verify = await check.newPage()
      await verify.goto(`/learn/certificates/${cert.code}`)
      expect(await text(verify, 'h1')).toBe(en('education.verify.title'))
      expect(await text(verify, 'main .lead')).toContain('Ordering at a kiosk')
    }, 120_000)
  })

  describe('sizes for older eyes and hands', () => {
    it('body text is at least 18px', async () => {
      const page = await newPage()
      await page.goto('/accessibility')
      const sizes = await page.evaluate(() => ({
        body: Number.parseFloat(getComputedStyle(document.body).fontSize),
        paragraph: Number.parseFloat(
          getComputedStyle(document.querySelector('main p') ?? document.body).fontSize,
        ),
      }))
      expect(sizes.body, 'body font-size (px)').toBeGreaterThanOrEqual(18)
      expect(sizes.paragraph, 'main paragraph font-size (px)').toBeGreaterThanOrEqual(18)
    })

    it('settings buttons and primary buttons are at least 44×44 px', async () => {
      const page = await newPage()
      await page.goto('/staff/sign-in')
      const targets = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.settings__btn, .button--primary')].map((el) => {
          const r = el.getBoundingClientRect()
          return {
            what: `${el.className} "${(el.textContent ?? '').trim()}"`,
            width: r.width,
            height: r.height,
          }
        }),
      )
      expect(targets.filter((t) => t.what.includes('settings__btn')).length).toBeGreaterThanOrEqual(7)
      expect(targets.filter((t) => t.what.includes('button--primary')).length).toBeGreaterThanOrEqual(1)
      const small = targets
        .filter((t) => t.width < 44 || t.height < 44)
        .map((t) => `${t.what}: ${Math.round(t.width)}×${Math.round(t.height)}`)
      expect(small, `targets smaller than 44×44 px:\n${small.join('\n')}`).toEqual([])
    })
  })
})
