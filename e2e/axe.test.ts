/**
 * axe-core (WCAG 2.0/2.1/2.2 A + AA) on every page template of the app — every GET page route (samples for
 * parameterised ones in e2e/pages.ts), the error pages and a form in its error state — each in the default
 * display, at text size 200 % and in high contrast.
 */
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatViolations, runAxe } from './axe.ts'
import { describeBrowser, type E2E, prefCookies, startE2E } from './harness.ts'
import { EXTRA_STATES, pageVisits, type State, type Visitor } from './pages.ts'

const { visits, problems } = await pageVisits()

describe('browser-test coverage', () => {
  it('every GET page route has a sample URL in e2e/pages.ts', () => {
    expect(problems, problems.join('\n')).toEqual([])
  })
})

const VARIANTS = [
  { name: 'default display', prefs: {} },
  { name: 'text size 200%', prefs: { text: 200 } },
  { name: 'high contrast', prefs: { contrast: 'high' } },
] as const

const CASES: State[] = [...visits, ...EXTRA_STATES]

describeBrowser('axe: WCAG 2.2 AA on every page', () => {
  let e2e: E2E
  const contexts = new Map<string, Promise<BrowserContext>>()

  beforeAll(async () => {
    e2e = await startE2E()
  })
  afterAll(async () => {
    await e2e?.close()
  })

  async function newContext(variant: (typeof VARIANTS)[number], as: Visitor): Promise<BrowserContext> {
    const context = await e2e.newContext()
    const cookies = prefCookies(e2e.baseUrl, variant.prefs)
    if (as === 'citizen') cookies.push(await e2e.citizenSession())
    else if (as !== 'anonymous') cookies.push(await e2e.staffSession(as))
    await context.addCookies(cookies)
    return context
  }

  /** One browser context per display variant and visitor, sharing a session signed in once per person. */
  function sharedContext(variant: (typeof VARIANTS)[number], as: Visitor): Promise<BrowserContext> {
    const key = `${variant.name}|${as}`
    let ctx = contexts.get(key)
    if (!ctx) {
      ctx = newContext(variant, as)
      contexts.set(key, ctx)
    }
    return ctx
  }

  for (const variant of VARIANTS) {
    // why concurrent: axe runs in chromium's renderer processes; a few pages at once use both cores
    describe.concurrent(variant.name, () => {
      for (const c of CASES) {
        it(c.name, async ({ expect }) => {
          // a case with a set-up changes its context's state (cookies), so it gets a context of its own
          const context = c.setUp ? await newContext(variant, c.as) : await sharedContext(variant, c.as)
          const page = await context.newPage()
          try {
            if (c.setUp) await c.setUp(page, e2e)
            const url = typeof c.url === 'string' ? c.url : await c.url(e2e)
            let res = await page.goto(url)
            if (c.act) res = await c.act(page)
            expect(res?.status(), `${c.name} answered ${res?.status()}`).toBe(c.status)
            expect(new URL(page.url()).pathname, `${url} redirected`).toBe(new URL(url, e2e.baseUrl).pathname)
            const html = page.locator('html')
            if ('text' in variant.prefs)
              await expect.poll(() => html.getAttribute('class')).toContain('text-200')
            if ('contrast' in variant.prefs)
              await expect.poll(() => html.getAttribute('class')).toContain('contrast-high')
            const violations = await runAxe(page)
            if (violations.length > 0)
              expect.fail(formatViolations(`${c.name} [${variant.name}]`, violations))
          } finally {
            await page.close()
            if (c.setUp) await context.close()
          }
        })
      }
    })
  }
})
