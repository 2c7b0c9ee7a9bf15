/**
 * Digital guides' "done when" journey in a real browser, in Korean and English: the manager re-runs and
 * publishes the deployment plan; the demo guide sees it on the field page, loses the connection
 * (context.setOffline), logs an assist and answers the open opinion question (both queued on the phone), the
 * page even reloads offline from its service worker; back online each entry syncs exactly once and the assist
 * appears in the manager's heatmap table. The live board's tables and map follow a check-in without a reload.
 * The guides' pages are axe clean.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { makeStaff } from '../src/domains/people/test-helpers.ts'
import { CampaignInput } from '../src/domains/voice/schema.ts'
import { closeCampaign, openCampaign } from '../src/domains/voice/service.ts'
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

  /** Opens the heatmap page's map (lazy) and returns what the island drew for the assists heat layer. */
  async function heatDrawn(page: Page, t: ReturnType<typeof translator>) {
    await page.goto('/staff/guides/heatmap')
    await page.getByRole('button', { name: t('map.show'), exact: true }).click()
    const el = page.locator('#heat-map-map[data-drawn]')
    await el.waitFor({ state: 'attached', timeout: 30_000 })
    const drawn = JSON.parse((await el.getAttribute('data-drawn')) ?? '{}') as Record<
      string,
      { n: number; weight: number; ids: string[] | null }
    >
    return drawn['guides-assists'] ?? { n: 0, weight: 0, ids: [] }
  }

  for (const locale of ['ko', 'en'] as const) {
    const t = translator(locale)
    describe(locale, () => {
      it('manager publishes a plan → guide sees it → assist and opinion answer made offline sync once → on the heatmap', async () => {
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

        // the heat layer on the manager's map before the assist (measured before the guide's page opens, so
        // the offline part below keeps its timing)
        const heatBefore = await heatDrawn(mgr, t)

        // an open opinion question (voice) that the guide asks the person met, on the same page
        const pm = await makeStaff(e2e.database.db, 'programme_manager', null)
        const question = await openCampaign(
          e2e.database.db,
          pm.actor,
          CampaignInput.parse({
            questionKo: `키오스크 글씨가 잘 보이나요? (${locale})`,
            questionEn: `Can you read the kiosk text? (${locale})`,
            choicesKo: '예\n아니요',
            choicesEn: 'Yes\nNo',
          }),
          new Date(),
        )
        const fieldAnswers = async () => {
          const [r] = await e2e.database.query<{ n: number; no: number }>(
            `select count(*)::int as n, count(*) filter (where choice = 1)::int as no from voice_campaign_answers
               where campaign_id = '${question.id}' and channel = 'field'`,
          )
          return r!
        }

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
        // … and the person's answer to the open question waits in the same queue
        const opinion = g.locator('.field-question form')
        expect(await opinion.textContent()).toContain(
          locale === 'ko'
            ? `키오스크 글씨가 잘 보이나요? (${locale})`
            : `Can you read the kiosk text? (${locale})`,
        )
        await opinion.locator('input[name="choice"][value="1"]').check()
        await opinion.locator('input[name="respondentGroup"]').first().check()
        await opinion.getByRole('button', { name: t('voice.field.save'), exact: true }).click()
        await expect.poll(() => g.locator('#guides-field').getAttribute('data-pending')).toBe('2')
        expect(g.url()).toMatch(/\/staff\/guides\/field$/) // stayed on the page (queued, not posted)
        expect(await opinion.locator('input[name="choice"]:checked').count()).toBe(0) // ready for the next person
        // the page opens again without a connection (service worker), the entries still queued
        await g.reload()
        await g.locator('#guides-field[data-ready="yes"]').waitFor()
        expect(await g.locator('#guides-field').getAttribute('data-pending')).toBe('2')
        await new Promise((r) => setTimeout(r, 1500))
        expect(await assistsOfGuide()).toBe(before)
        expect((await fieldAnswers()).n).toBe(0)

        // back online: each sent once
        await context.setOffline(false)
        await expect
          .poll(() => g.locator('#guides-field').getAttribute('data-pending'), { timeout: 20_000 })
          .toBe('0')
        await expect.poll(assistsOfGuide, { timeout: 10_000 }).toBe(before + 1)
        await expect.poll(async () => (await fieldAnswers()).n, { timeout: 10_000 }).toBe(1)
        await g.reload()
        await new Promise((r) => setTimeout(r, 1500))
        expect(await assistsOfGuide()).toBe(before + 1)
        expect(await fieldAnswers()).toEqual({ n: 1, no: 1 })
        await closeCampaign(e2e.database.db, pm.actor, question.id, new Date())

        // it appears in the manager's heatmap table
        const [a] = await e2e.database.query<{ label_ko: string; label_en: string; site_id: string }>(
          "select a.label_ko, a.label_en, a.site_id from guide_assists a join staff_users s on s.id = a.staff_id where s.username = 'guide' order by a.created_at desc limit 1",
        )
        // … and on its map: the heat layer drawn in the browser has the site, one assist heavier
        const heatAfter = await heatDrawn(mgr, t)
        expect(heatAfter.weight).toBe(heatBefore.weight + 1)
        expect(heatAfter.ids).toContain(a!.site_id)
        expect(await mgr.locator('#heat').textContent()).toContain(
          locale === 'ko' ? a!.label_ko : a!.label_en,
        )
        await axeClean(mgr, `/staff/guides/heatmap (${locale})`)
      }, 240_000)

      it('the live board updates itself, its map too (polling, aria-live polite) when a guide checks in', async () => {
        const { page, context } = await pageFor('manager', locale)
        await context.addInitScript(() => {
          ;(window as unknown as { __gachiBoardInterval: number }).__gachiBoardInterval = 1000
        })
        await page.goto('/staff/guides/board')
        const status = page.locator('#board-updated')
        await expect.poll(() => status.textContent()).toBe(t('guides.board.auto'))
        expect(await status.getAttribute('aria-live')).toBe('polite')
        const labelKo = `보드 시험 현장 ${locale}`
        const labelEn = `Board test site ${locale}`
        expect(await page.locator('#board-open-part').textContent()).not.toContain(
          locale === 'ko' ? labelKo : labelEn,
        )
        // the map of who is here, shown once: its Leaflet panes are marked to see that later rounds keep
        // this map (markers swapped) instead of drawing a new one
        await page.getByRole('button', { name: t('map.show'), exact: true }).click()
        const map = page.locator('#board-map-map[data-drawn]')
        await map.waitFor({ state: 'attached', timeout: 30_000 })
        const onMap = async () =>
          (JSON.parse((await map.getAttribute('data-drawn')) ?? '{}') as Record<string, { ids: string[] }>)[
            'guides-checkins'
          ]?.ids ?? []
        expect(await onMap()).not.toContain('checkin-e2e-board-site')
        await page.evaluate(() => {
          const pane = document.querySelector('#board-map-map .leaflet-map-pane') as HTMLElement & {
            mark?: number
          }
          pane.mark = 1
        })
        // a guide checks in (written as the sync endpoint would; the board is what is under test here)
        await e2e.database.query(
          `insert into guide_checkins (idem_key, staff_id, site_id, label_ko, label_en, lat, lon, checked_in_at)
             select 'e2e-board-${locale}', id, 'e2e-board-site', '${labelKo}', '${labelEn}', 37.5665, 126.978, now()
             from staff_users where username = 'guide'`,
        )
        // no reload: the island swaps the table in and says so politely
        await expect
          .poll(() => page.locator('#board-open-part').textContent(), { timeout: 15_000 })
          .toContain(locale === 'ko' ? labelKo : labelEn)
        // … and the map shows the check-in too, in the same map (no reload, not drawn again)
        await expect.poll(onMap, { timeout: 15_000 }).toContain('checkin-e2e-board-site')
        expect(Number(await map.getAttribute('data-refreshed'))).toBeGreaterThan(0)
        expect(
          await page.evaluate(
            () =>
              (document.querySelector('#board-map-map .leaflet-map-pane') as HTMLElement & { mark?: number })
                .mark,
          ),
        ).toBe(1)
        expect(await page.locator('#board-map-map .leaflet-map-pane').count()).toBe(1)
        expect(await status.textContent()).toContain(
          t('guides.board.updated', { time: '' }).trim().slice(0, 4),
        )
        await axeClean(page, `/staff/guides/board, refreshed (${locale})`)
        await e2e.database.query(
          `update guide_checkins set checked_out_at = now() where idem_key = 'e2e-board-${locale}'`,
        )
        await expect
          .poll(() => page.locator('#board-done-part').textContent(), { timeout: 15_000 })
          .toContain(locale === 'ko' ? labelKo : labelEn)
        // checked out: off the map as well as out of the "here now" table
        await expect.poll(onMap, { timeout: 15_000 }).not.toContain('checkin-e2e-board-site')
        expect(await page.locator('#board-open-part').textContent()).not.toContain(
          locale === 'ko' ? labelKo : labelEn,
        )
      }, 120_000)

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
