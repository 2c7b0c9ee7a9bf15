/**
 * The 50+ volunteering "done when" journey in a real browser, in Korean and in English: a citizen over 50
 * applies (error summary first), a programme manager schedules the interview (the time is texted through
 * the outbox), starts the training by choosing its course in the education module, certifies once the
 * course certificate is there, assigns a place and links the volunteer's guide account; the finished
 * guide shift becomes hours, hours are also logged by hand, a certificate of hours is issued and the
 * volunteer downloads its PDF from /volunteer; anyone checks the code; staff find the VOL- reference.
 * Every page on the way is axe clean.
 *
 * The volunteer enrols in the training course's session in the browser (education's pages). Set up
 * outside the browser (other modules' work, not this journey's pages): the training course and its
 * session (education), the tutor marking her present (education issues the certificate), and the
 * guide's check-in/check-out row (guides). The application's certification time is moved back a
 * day so a shift that already ended lies after it.
 */
import { and, eq, like } from 'drizzle-orm'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { markAttendance } from '../src/domains/education/service.ts'
import { guideCheckins } from '../src/domains/guides/tables.ts'
import { findStaffByLogin } from '../src/domains/identity/repo.ts'
import { volunteerApplications } from '../src/domains/volunteering/tables.ts'
import { trainingCourseFor } from '../src/domains/volunteering/test-helpers.ts'
import type { Actor } from '../src/platform/auth/actor.ts'
import { jobs } from '../src/platform/db/tables.ts'
import { translator } from '../src/platform/i18n/index.ts'
import { formatViolations, runAxe } from './axe.ts'
import { type DemoStaff, describeBrowser, type E2E, startE2E } from './harness.ts'

registerDomains()

describeBrowser('50+ volunteering journey', () => {
  let e2e: E2E
  const contexts: BrowserContext[] = []
  let training: Awaited<ReturnType<typeof trainingCourseFor>>
  let tutor: Actor
  let guideId: string

  const staffActor = async (login: DemoStaff): Promise<Actor> => {
    const s = (await findStaffByLogin(e2e.database.db, login))!
    return {
      kind: 'staff',
      id: s.id,
      role: s.role as 'admin',
      orgId: s.orgId,
      name: s.displayName,
      via: 'session',
      sessionId: null,
    }
  }

  beforeAll(async () => {
    e2e = await startE2E()
    const db = e2e.database.db
    const admin = await staffActor('admin')
    tutor = await staffActor('tutor')
    guideId = (await findStaffByLogin(db, 'guide'))!.id
    const [place] = await e2e.database.query<{ id: string }>(
      "select id from places where kind = 'digital_learning_center' order by id limit 1",
    )
    const first = new Date(Date.now() + 40 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10)
    training = await trainingCourseFor(
      db,
      admin,
      (await findStaffByLogin(db, 'tutor'))!.id,
      place!.id,
      new Date(),
      {
        firstDay: first,
        time: '19:00',
      },
    )
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await e2e?.close()
  })

  async function pageFor(who: 'citizen' | DemoStaff | 'anonymous', locale: 'ko' | 'en'): Promise<Page> {
    const c = await e2e.newContext()
    contexts.push(c)
    const cookies: { name: string; value: string; url: string }[] = [
      { name: 'gachi_lang', value: locale, url: e2e.baseUrl },
    ]
    if (who === 'citizen') cookies.push(await e2e.citizenSession())
    else if (who !== 'anonymous') cookies.push(await e2e.staffSession(who))
    await c.addCookies(cookies)
    const page = await c.newPage()
    page.setDefaultTimeout(15_000)
    return page
  }

  async function axeClean(page: Page, where: string) {
    const v = await runAxe(page)
    expect(v, formatViolations(where, v)).toEqual([])
  }

  const RUNS = [
    // the same citizen applies in both runs: the en run's guide shift goes to the ko run's guide application
    // (work counts once per person, on the application of the role that did it), so en keeps only typed hours
    { locale: 'ko', role: 'digital_guide', certifiedHoursAgo: 48, shiftFrom: 30, total: '4' },
    { locale: 'en', role: 'peer_tutor', certifiedHoursAgo: 5, shiftFrom: 4, total: '1' },
  ] as const

  for (const run of RUNS) {
    const { locale } = run
    const t = translator(locale)
    describe(locale, () => {
      it('a volunteer over 50 applies, trains (education course), is certified, logs hours and gets a certificate of hours', async () => {
        // ── the citizen applies ──────────────────────────────────────────────────────────────
        const citizen = await pageFor('citizen', locale)
        await citizen.goto('/volunteer')
        await axeClean(citizen, `/volunteer (${locale})`)
        await citizen
          .getByRole('link', { name: t('volunteering.apply') })
          .first()
          .click()
        expect(await citizen.locator('h1').textContent()).toBe(t('volunteering.apply'))
        await axeClean(citizen, `/volunteer/apply (${locale})`)
        await citizen.getByRole('button', { name: t('volunteering.submit') }).click()
        expect(await citizen.locator('.error-summary').textContent()).toContain(t('volunteering.error.role'))
        await axeClean(citizen, `/volunteer/apply error (${locale})`)
        await citizen.getByLabel(t(`volunteering.role.${run.role}`)).check()
        await citizen.locator('[name="motivation"]').fill('이웃 어르신께 스마트폰을 알려 드리고 싶어요')
        await citizen.locator('[name="availability"]').fill('화, 목 오전')
        await citizen.getByRole('button', { name: t('volunteering.submit') }).click()
        await expect.poll(() => new URL(citizen.url()).pathname).toBe('/volunteer')
        expect(await citizen.locator('#sent').textContent()).toContain(t('volunteering.sent'))
        const row = citizen.locator('#mine tr', { hasText: t(`volunteering.role.${run.role}`) })
        const reference = (await row.locator('td').first().textContent())!.trim()
        expect(reference).toMatch(/^VOL-[0-9A-F]{4}-[0-9A-F]{4}$/)
        expect(await row.textContent()).toContain(t('volunteering.status.applied'))
        await axeClean(citizen, `/volunteer sent (${locale})`)

        // ── a programme manager reviews: interview (texted), training (course in education) ─────
        const staff = await pageFor('manager', locale)
        await staff.goto('/staff/volunteers')
        await axeClean(staff, `/staff/volunteers (${locale})`)
        await staff
          .locator('#volunteers tr', { hasText: t(`volunteering.role.${run.role}`) })
          .first()
          .getByRole('link')
          .click()
        const reviewUrl = staff.url()
        const id = new URL(reviewUrl).pathname.split('/').at(-1)!
        await axeClean(staff, `/staff/volunteers/:id (${locale})`)
        const act = async (action: string, fill: Record<string, string> = {}) => {
          await staff.getByLabel(t(`volunteering.action.${action}`), { exact: true }).check()
          for (const [name, value] of Object.entries(fill)) {
            const field = staff.locator(`[name="${name}"]`)
            if ((await field.evaluate((e) => e.tagName)) === 'SELECT')
              await field.selectOption({ label: value })
            else await field.fill(value)
          }
          await staff.getByRole('button', { name: t('volunteering.save'), exact: true }).click()
          await staff.waitForLoadState('load')
        }
        const status = () => staff.locator('.summary-list, dl').first().textContent()
        await act('interview', { interviewAt: '2026-12-15T10:00' })
        expect(await status()).toContain(t('volunteering.status.interview'))
        const texts = await e2e.database.db
          .select()
          .from(jobs)
          .where(and(eq(jobs.kind, 'message.sms'), like(jobs.dedupeKey, `vol-interview:${id}:%`)))
        expect(texts).toHaveLength(1)
        expect(JSON.stringify(texts[0]!.payload)).toContain(reference)
        // starting the training needs a course
        await act('training')
        expect(await staff.locator('.error-summary').textContent()).toContain(t('volunteering.error.course'))
        await axeClean(staff, `/staff/volunteers/:id training error (${locale})`)
        const courseTitle = locale === 'en' ? training.course.titleEn : training.course.titleKo
        await act('training', { trainingCourseId: courseTitle })
        expect(await status()).toContain(t('volunteering.status.training'))
        expect(await status()).toContain(courseTitle)

        // the volunteer sees the course (a link into the education module) and takes it there
        await citizen.goto('/volunteer')
        await citizen
          .getByRole('link', { name: t('volunteering.trainingEnrol', { course: courseTitle }) })
          .first()
          .click()
        expect(new URL(citizen.url()).pathname).toBe(`/learn/courses/${training.course.id}`)
        expect(await citizen.locator('h1').textContent()).toContain(courseTitle)
        if (locale === 'ko') {
          // she takes a place in the course's session there (education's own pages)...
          await citizen.locator(`main a[href="/learn/sessions/${training.session.id}/enrol"]`).first().click()
          await citizen
            .locator(`main form[action="/learn/sessions/${training.session.id}/enrol"] button[type="submit"]`)
            .click()
          await expect.poll(() => new URL(citizen.url()).pathname).toBe('/me/learn')
          // ...and the tutor marks her present (education issues the course certificate)
          const [{ id: enrolmentId }] = (await e2e.database.query<{ id: string }>(
            `select e.id from edu_enrolments e join vol_applications a on a.person_id = e.person_id
              where a.id = '${id}' and e.session_id = '${training.session.id}'`,
          )) as [{ id: string }]
          await markAttendance(
            e2e.database.db,
            tutor,
            training.meetings[0]!.id,
            { enrolmentId, present: true },
            { ip: null, now: new Date() },
          )
        }
        // its certificate counts as trained: certify without a manual "training finished"
        await staff.goto(reviewUrl)
        expect(await status()).toMatch(/[0-9A-F]{10}/)
        await act('certify')
        expect(await status()).toContain(t('volunteering.status.certified'))
        expect(await status()).toContain(reference)
        await axeClean(staff, `/staff/volunteers/:id certified (${locale})`)

        // assign a place and link the volunteer's guide account
        const [place] = await e2e.database.query<{ id: string }>(
          "select id from places where kind = 'senior_welfare_center' order by id limit 1",
        )
        await act('assign', {
          placeId: place!.id,
          staffUserId: t('volunteering.staffGuide', { name: '한안내' }),
        })
        expect(await status()).toContain(t('volunteering.status.assigned'))

        // ── hours: a finished guide shift (guides module) and one typed by hand ────────────────────
        const hour = 3_600_000
        await e2e.database.db
          .update(volunteerApplications)
          .set({ certifiedAt: new Date(Date.now() - run.certifiedHoursAgo * hour) })
          .where(eq(volunteerApplications.id, id))
        await e2e.database.db.insert(guideCheckins).values({
          idemKey: `e2e-vol-shift-${locale}`,
          staffId: guideId,
          siteId: 'e2e-site',
          labelKo: '종로 안내',
          labelEn: 'Jongno help point',
          checkedInAt: new Date(Date.now() - run.shiftFrom * hour),
          checkedOutAt: new Date(Date.now() - (run.shiftFrom - 3) * hour),
        })
        await staff.getByRole('button', { name: t('volunteering.collect') }).click()
        await staff.waitForLoadState('load')
        expect(await staff.locator('#collected').textContent()).toContain(
          t('volunteering.collected', {
            added: '1',
            hours: t('volunteering.hoursValue', { h: '3', m: '0' }),
          }),
        )
        await axeClean(staff, `/staff/volunteers/:id hours collected (${locale})`)
        if (run.role === 'digital_guide')
          expect(await staff.locator('#hours').textContent()).toContain(t('volunteering.activity.shift'))
        else expect(await staff.locator('#hours').count()).toBe(0)
        const today = new Date(Date.now() + 9 * hour).toISOString().slice(0, 10)
        await staff.locator('[name="day"]').fill(today)
        await staff.locator('[name="minutes"]').fill('60')
        await staff.locator('[name="activity"]').selectOption('other')
        await staff.getByRole('button', { name: t('volunteering.logHours') }).click()
        await staff.waitForLoadState('load')
        expect(await status()).toContain(t('volunteering.hoursValue', { h: run.total, m: '0' }))

        // ── certificate of hours: issued by staff, downloaded by the volunteer, checked by anyone ────
        await staff.getByRole('button', { name: t('volunteering.issue') }).click()
        await staff.waitForLoadState('load')
        const link = staff.locator('#certificates a').first()
        const code = /\(([0-9A-F]{10})\)/.exec((await link.textContent())!)![1]!
        await axeClean(staff, `/staff/volunteers/:id certificate issued (${locale})`)

        await citizen.goto('/volunteer')
        const mine = citizen.locator('#mine tr', { hasText: reference })
        expect(await mine.textContent()).toContain(t('volunteering.hoursValue', { h: run.total, m: '0' }))
        const pdfHref = await mine
          .getByRole('link', { name: t('volunteering.certificatePdf', { code }) })
          .getAttribute('href')
        const pdf = await citizen.request.get(pdfHref!)
        expect(pdf.status()).toBe(200)
        expect(pdf.headers()['content-type']).toBe('application/pdf')
        const bytes = await pdf.body()
        expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
        expect(bytes.toString('latin1')).toContain('NotoSansKR')
        await axeClean(citizen, `/volunteer with hours (${locale})`)

        const anyone = await pageFor('anonymous', locale)
        await anyone.goto(`/volunteer/certificates/${code}`)
        expect(await anyone.locator('#valid').textContent()).toContain(
          t('volunteering.hoursValue', { h: run.total, m: '0' }),
        )
        await axeClean(anyone, `/volunteer/certificates/:code (${locale})`)

        // ── staff find the application by the reference on every text ─────────────────────────────
        await staff.goto(`/staff/find?ref=${encodeURIComponent(reference.toLowerCase())}`)
        await staff.locator(`main a[href="/staff/volunteers/${id}"]`).click()
        expect(staff.url()).toBe(reviewUrl)
      })
    })
  }
})
