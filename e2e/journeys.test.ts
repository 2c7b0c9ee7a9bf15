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
