/**
 * "Find help near me" and the data map in a real browser, in Korean and in English: the list comes first and
 * works without JavaScript (the GET form, the choices for an unclear name); with JavaScript the map island
 * loads Leaflet from our own server only when asked and draws the same points; the browser's location is
 * used only after the button is pressed (granted here through the browser's permission); the staff data map
 * draws a choropleth with its legend and table. Every state is axe clean.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { translator } from '../src/platform/i18n/index.ts'
import { formatViolations, runAxe } from './axe.ts'
import { describeBrowser, type E2E, startE2E } from './harness.ts'

registerDomains()

describeBrowser('find help near me and the data map', () => {
  let e2e: E2E
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    e2e = await startE2E()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await e2e?.close()
  })

  async function pageFor(
    locale: 'ko' | 'en',
    opts: { js?: boolean; staff?: 'analyst'; geo?: { latitude: number; longitude: number } } = {},
  ): Promise<Page> {
    const c = await e2e.newContext({
      javaScriptEnabled: opts.js !== false,
      ...(opts.geo ? { geolocation: opts.geo, permissions: ['geolocation'] } : {}),
    })
    contexts.push(c)
    const cookies: { name: string; value: string; url: string }[] = [
      { name: 'gachi_lang', value: locale, url: e2e.baseUrl },
    ]
    if (opts.staff) cookies.push(await e2e.staffSession(opts.staff))
    await c.addCookies(cookies)
    return c.newPage()
  }

  async function axeClean(page: Page, where: string) {
    const v = await runAxe(page)
    expect(v, formatViolations(where, v)).toEqual([])
  }

  for (const locale of ['ko', 'en'] as const) {
    const t = translator(locale)
    describe(locale, () => {
      // (axe needs JavaScript in the page; these states are axe-checked with it in the tests below and in axe.test.ts)
      it('without JavaScript: search by name → choose one → a list nearest first (no map, nothing hidden)', async () => {
        const page = await pageFor(locale, { js: false })
        await page.goto('/nearby')
        // the location button needs JavaScript: it stays hidden, the form is the way
        expect(await page.locator('[data-locate]').isHidden()).toBe(true)
        await page.locator('#f-q').fill('신촌')
        await Promise.all([
          page.waitForURL('**/nearby?*'),
          page.getByRole('button', { name: t('nearby.search'), exact: true }).click(),
        ])
        expect(await page.locator('#nearby-choices').textContent()).toBe(t('nearby.choices.title'))
        await Promise.all([
          page.waitForURL('**/nearby?at=*'),
          page.locator('a.nearby-choice').first().click(),
        ])
        const items = page.locator('.nearby-list > li')
        expect(await items.count()).toBeGreaterThan(3)
        // each item says how far and how long on foot
        const first = (await items.first().textContent()) ?? ''
        expect(first).toMatch(locale === 'ko' ? /걸어서 약 \d+분/ : /about \d+ min on foot/)
        // no JS: the map stays an empty hidden div, no "show map" button, Leaflet never requested
        expect(await page.locator('[data-map]').isHidden()).toBe(true)
        expect(await page.locator('.map-figure__toggle').count()).toBe(0)
      })

      it('with JavaScript: list first; the map loads Leaflet from our server only when asked', async () => {
        const page = await pageFor(locale)
        const requested: string[] = []
        page.on('request', (r) => requested.push(new URL(r.url()).pathname))
        await page.goto(`/nearby?q=${encodeURIComponent('서울역')}`)
        const list = page.locator('.nearby-list').first()
        await list.waitFor()
        const toggle = page.getByRole('button', { name: t('map.show'), exact: true })
        await toggle.waitFor()
        // list before the map in reading order
        const order = await page.evaluate(() => {
          const l = document.querySelector('.nearby-list')
          const m = document.querySelector('[data-map]')
          return l && m ? l.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING : 0
        })
        expect(order).toBeTruthy()
        expect(requested.some((p) => p.includes('/map/assets/leaflet.js'))).toBe(false)
        await axeClean(page, `/nearby results, map closed (${locale})`)
        await toggle.click()
        await page.locator('[data-map] .leaflet-interactive, [data-map] canvas').first().waitFor()
        expect(requested).toContain('/api/v1/map/assets/leaflet.js')
        expect(requested.every((p) => !p.includes('tile'))).toBe(true)
        expect(
          await page.getByRole('button', { name: t('map.hide'), exact: true }).getAttribute('aria-expanded'),
        ).toBe('true')
        await expect.poll(() => page.locator('.map-figure__status').textContent()).toBe(t('map.sameAsList'))
        expect(await page.locator('[data-map]').getAttribute('aria-label')).toContain(
          locale === 'ko' ? '지도' : 'Map',
        )
        await axeClean(page, `/nearby results, map open (${locale})`)
      })

      it('the browser location is used only after pressing the button', async () => {
        const page = await pageFor(locale, { geo: { latitude: 37.5705, longitude: 126.9831 } })
        await page.goto('/nearby')
        const button = page.getByRole('button', { name: t('nearby.locate.button'), exact: true })
        await button.waitFor()
        expect(page.url()).not.toContain('lat=')
        await Promise.all([page.waitForURL('**/nearby?lat=*'), button.click()])
        expect(page.url()).toContain('lat=37.571')
        expect(await page.locator('#nearby-results').textContent()).toContain(
          locale === 'ko' ? '지금 계신 곳' : 'Where you are',
        )
        expect(await page.locator('.nearby-list > li').count()).toBeGreaterThan(3)
        await axeClean(page, `/nearby by location (${locale})`)
      })

      it('demo: repair places near a point in 종로 are listed first, labelled demo, and on the map', async () => {
        const page = await pageFor(locale)
        // about 300 m from 종로노인종합복지관, one of the places the demo marks as offering repair
        const [p] = await e2e.database.query<{ lat: number; lon: number; name_ko: string }>(
          "select lat, lon, name_ko from places where id = 'shelter-3544'",
        )
        await page.goto(
          `/nearby?lat=${(p!.lat + 0.002).toFixed(4)}&lon=${(p!.lon + 0.002).toFixed(4)}&kinds=repair`,
        )
        const first = page.locator('#group-repair + .nearby-list > li').first()
        await first.waitFor()
        const text = (await first.textContent()) ?? ''
        expect(text).toContain(p!.name_ko)
        expect(text).toContain(t('nearby.demo'))
        expect(text).toMatch(locale === 'ko' ? /걸어서 약 \d+분/ : /about \d+ min on foot/)
        await page.getByRole('button', { name: t('map.show'), exact: true }).click()
        await page.locator('[data-map] .leaflet-interactive, [data-map] canvas').first().waitFor()
        await axeClean(page, `/nearby repair places, demo (${locale})`)
      })

      it('staff data map: a choropleth with its legend and a table, the same filters, and the map drawn', async () => {
        const page = await pageFor(locale, { staff: 'analyst' })
        await page.goto('/staff/map')
        await page.locator('input[name="layers"][value="seniors-dong"]').check()
        await page.locator('input[name="layers"][value="seniors-district"]').uncheck()
        await page.locator('input[name="layers"][value="senior-centres"]').uncheck()
        await page.locator('#f-district').selectOption('11110')
        await Promise.all([
          page.waitForURL('**/staff/map?*'),
          page.getByRole('button', { name: t('nearby.staffMap.show'), exact: true }).click(),
        ])
        const rows = page.locator('#table-seniors-dong tbody tr')
        expect(await rows.count()).toBe(17)
        expect(await page.locator('.map-legend li').count()).toBeGreaterThan(2)
        await page.locator('[data-map] .leaflet-interactive, [data-map] canvas').first().waitFor()
        await expect.poll(() => page.locator('.map-figure__status').textContent()).toBe(t('map.sameAsList'))
        await axeClean(page, `/staff/map dongs of 종로구 (${locale})`)
      })
    })
  }
})
