/**
 * Digital guides' "done when" journey in a real browser, in Korean and English: the manager re-runs and
 * publishes the deployment plan; the demo guide sees it on the field page, loses the connection
 * (context.setOffline), logs an assist (queued on the phone), the page even reloads offline from its
 * service worker; back online the entry syncs exactly once and appears in the manager's heatmap table.
 * The guides' pages are axe clean.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { translator } from '../src/platform/i18n/index.ts'
import { formatViolations, runAxe } from './axe.ts'
import { describeBrowser, type E2E, startE2E } from './harness.ts'

registerDomains()

describeBrowser('digital guides journey', () => {
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
    who: 'manager' | 'guide',
    locale: 'ko' | 'en',
  ): Promise<{ page: Page; context: BrowserContext }> {
    const context = await e2e.newContext()
    contexts.push(context)
    await context.addCookies([
      await e2e.staffSession(who),
      { name: 'gachi_lang', value: locale, url: e2e.baseUrl },
    ])
    return { page: await context.newPage(), context }
  }

  async function axeClean(page: Page, where: string) {
    const v = await runAxe(page)
    expect(v, formatViolations(where, v)).toEqual([])
  }

  const assistsOfGuide = async () => {
    const [r] = await e2e.database.query<{ n: number }>(
      "select count(*)::int as n from guide_assists a join staff_users s on s.id = a.staff_id where s.username = 'guide'",
    )
    return r!.n
  }

  for (const locale of ['ko', 'en'] as const) {
    const t = translator(locale)
    describe(locale, () => {
      it('manager publishes a plan → guide sees it → assist logged offline syncs once → on the heatmap', async () => {
        // the manager re-runs the plan and publishes it
        const { page: mgr } = await pageFor('manager', locale)
        await mgr.goto('/staff/guides')
        await Promise.all([
          mgr.waitForURL('**/staff/guides?saved=run', { timeout: 90_000 }),
          mgr.getByRole('button', { name: t('guides.plan.run'), exact: true }).click(),
        ])
        await axeClean(mgr, `/staff/guides (${locale})`)
        await Promise.all([
          mgr.waitForURL('**/staff/guides?saved=published'),
          mgr.getByRole('button', { name: t('guides.plan.publish'), exact: true }).click(),
        ])
        expect(await mgr.locator('main').textContent()).toContain(t('guides.plan.immutable'))
        const [plan] = await e2e.database.query<{ id: string }>(
          "select id from guide_plans where status = 'published'",
        )
        const mine = await e2e.database.query<{ label_ko: string; label_en: string }>(
          `select a.label_ko, a.label_en from guide_assignments a join guide_team_members m on m.team_id = a.team_id
             join staff_users s on s.id = m.staff_id where s.username = 'guide' and a.plan_id = '${plan!.id}'`,
        )
        expect(mine.length).toBeGreaterThan(0)
        const siteNames = mine.map((m) => (locale === 'ko' ? m.label_ko : m.label_en))

        // the guide sees it on the field page
        const { page: g, context } = await pageFor('guide', locale)
        await g.goto('/staff/guides/field')
        await g.locator('#guides-field[data-ready="yes"]').waitFor()
        const week = (await g.locator('#my-week').textContent()) ?? ''
        expect(siteNames.some((n) => week.includes(n))).toBe(true)
        await axeClean(g, `/staff/guides/field (${locale})`)
        await g.evaluate(() => navigator.serviceWorker.ready.then(() => true))

        // offline: the assist waits on the phone
        const before = await assistsOfGuide()
        await context.setOffline(true)
        await g.getByRole('button', { name: t('guides.what.kiosk'), exact: true }).click()
        await expect.poll(() => g.locator('#guides-field').getAttribute('data-pending')).toBe('1')
        expect(await g.locator('#guides-sync').textContent()).toContain(t('guides.field.pending', { n: 1 }))
        // the page opens again without a connection (service worker), the entry still queued
        await g.reload()
        await g.locator('#guides-field[data-ready="yes"]').waitFor()
        expect(await g.locator('#guides-field').getAttribute('data-pending')).toBe('1')
        await new Promise((r) => setTimeout(r, 1500))
        expect(await assistsOfGuide()).toBe(before)

        // back online: sent once
        await context.setOffline(false)
        await expect
          .poll(() => g.locator('#guides-field').getAttribute('data-pending'), { timeout: 20_000 })
          .toBe('0')
        await expect.poll(assistsOfGuide, { timeout: 10_000 }).toBe(before + 1)
        await g.reload()
        await new Promise((r) => setTimeout(r, 1500))
        expect(await assistsOfGuide()).toBe(before + 1)

        // it appears in the manager's heatmap table
        const [a] = await e2e.database.query<{ label_ko: string; label_en: string }>(
          "select a.label_ko, a.label_en from guide_assists a join staff_users s on s.id = a.staff_id where s.username = 'guide' order by a.created_at desc limit 1",
        )
        await mgr.goto('/staff/guides/heatmap')
        expect(await mgr.locator('#heat').textContent()).toContain(
          locale === 'ko' ? a!.label_ko : a!.label_en,
        )
        await axeClean(mgr, `/staff/guides/heatmap (${locale})`)
      }, 240_000)

      it('the board, report, hotspots and teams pages are axe clean', async () => {
        const { page } = await pageFor('manager', locale)
        for (const path of [
          '/staff/guides/board',
          '/staff/guides/report',
          '/staff/guides/teams',
          '/staff/guides/hotspots',
        ]) {
          await page.goto(path)
          expect(await page.locator('h1').textContent()).toBeTruthy()
          await axeClean(page, `${path} (${locale})`)
        }
      }, 120_000)
    })
  }
})
