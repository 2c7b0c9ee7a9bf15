/**
 * Voice and statistics "done when", in a real browser, in Korean and in English: a survey answered after a
 * service (the SMS link, one tap, then a comment) shows in the staff dashboard; a partner company's kiosk
 * report is made from the web form, shared by link and as a PDF; the public statistics page shows withheld
 * small cells, every chart has a table, and the downloads work; after a street assist the guide shows a
 * survey on the phone screen and hands it over; each page is axe clean.
 */

import { eq } from 'drizzle-orm'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { guideAssists } from '../src/domains/guides/tables.ts'
import { findStaffByLogin } from '../src/domains/identity/repo.ts'
import { makeStaff } from '../src/domains/people/test-helpers.ts'
import { refreshRollup } from '../src/domains/stats/repo.ts'
import { recordStatEvent } from '../src/domains/stats/service.ts'
import { CampaignInput } from '../src/domains/voice/schema.ts'
import { campaignResults, companyKeyOf, openCampaign, requestSurvey } from '../src/domains/voice/service.ts'
import { surveyResponses } from '../src/domains/voice/tables.ts'
import { translator } from '../src/platform/i18n/index.ts'
import { formatViolations, runAxe } from './axe.ts'
import { type DemoStaff, describeBrowser, type E2E, startE2E } from './harness.ts'

registerDomains()

const YEAR = 2024

describeBrowser('voice and statistics journey', () => {
  let e2e: E2E
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    e2e = await startE2E()
    const db = e2e.database.db
    const at = new Date(Date.UTC(YEAR, 4, 15))
    // 3 people trained in Jongno (withheld), 8 in Jung-gu (shown)
    for (let i = 0; i < 3; i++)
      await recordStatEvent(db, { kind: 'person_trained', at, districtCode: '11110' })
    for (let i = 0; i < 8; i++)
      await recordStatEvent(db, { kind: 'person_trained', at, districtCode: '11140' })
    // 9 in Yongsan: withheld with Jongno's 3 (secondary suppression), so that the total minus the others
    // does not give the 3 back
    for (let i = 0; i < 9; i++)
      await recordStatEvent(db, { kind: 'person_trained', at, districtCode: '11170' })
    // groups: 2 people with a stated disability (withheld), 6 with a low income (shown)
    for (let i = 0; i < 2; i++)
      await recordStatEvent(db, { kind: 'person_trained', at, districtCode: '11140', disability: true })
    for (let i = 0; i < 6; i++)
      await recordStatEvent(db, { kind: 'person_trained', at, districtCode: '11140', lowIncome: true })
    await db.transaction((tx) => refreshRollup(tx, new Date()))
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await e2e?.close()
  })

  async function pageFor(who: 'anonymous' | DemoStaff, locale: 'ko' | 'en'): Promise<Page> {
    const c = await e2e.newContext()
    contexts.push(c)
    const cookies: { name: string; value: string; url?: string }[] = [
      { name: 'gachi_lang', value: locale, url: e2e.baseUrl },
    ]
    if (who !== 'anonymous') cookies.push(await e2e.staffSession(who))
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
      it('a survey answered after a repair (SMS link, one tap, a comment) shows in the dashboard', async () => {
        const reference = `REP-${locale === 'ko' ? 'AAAA' : 'BBBB'}-0001`
        const inv = await e2e.database.db.transaction((tx) =>
          requestSurvey(tx, { service: 'repair', reference, locale }),
        )
        const citizen = await pageFor('anonymous', locale)
        await citizen.goto(inv!.path)
        await axeClean(citizen, `/v/:token (${locale})`)
        await Promise.all([
          citizen.waitForURL(`**${inv!.path}`),
          citizen.getByRole('button', { name: t('voice.face.3'), exact: true }).click(),
        ])
        await citizen.getByText(t('voice.survey.alreadyAnswered')).waitFor()
        const comment = locale === 'ko' ? '수리 기사님이 친절했어요' : 'The repairer was kind'
        await citizen.getByLabel(t('voice.survey.comment')).fill(comment)
        await Promise.all([
          citizen.waitForURL('**/voice/thanks'),
          citizen.getByRole('button', { name: t('voice.survey.sendMore') }).click(),
        ])
        const staff = await pageFor('manager', locale)
        await staff.goto('/staff/voice')
        await expect.poll(() => staff.locator('#latest-answers').textContent()).toContain(comment)
        await expect.poll(() => staff.locator('#latest-answers').textContent()).toContain(reference)
        expect(await staff.locator('#satisfaction-table').count()).toBe(1)
        await axeClean(staff, `/staff/voice (${locale})`)
      })

      it("a partner company's kiosk report is made from reports, shared by link and as a PDF", async () => {
        const company = locale === 'ko' ? '한빛버거' : 'Hanbit Burger'
        const citizen = await pageFor('anonymous', locale)
        for (let i = 0; i < 5; i++) {
          await citizen.goto('/voice/kiosk')
          if (i === 0) {
            // an empty send shows the error summary
            await citizen.getByRole('button', { name: t('voice.kiosk.send') }).click()
            await citizen.locator('.error-summary').waitFor()
            await axeClean(citizen, `/voice/kiosk error (${locale})`)
          }
          await citizen.getByLabel(t('voice.kiosk.company')).fill(company)
          await citizen.getByLabel(t('voice.kioskType.restaurant')).check()
          await citizen.getByLabel(t('voice.kiosk.place')).fill(locale === 'ko' ? '종로3가역' : 'Jongno 3-ga')
          await citizen.getByLabel(t('voice.problem.small_text')).check()
          if (i % 2) await citizen.getByLabel(t('voice.problem.payment')).check()
          await Promise.all([
            citizen.waitForURL('**/voice/thanks'),
            citizen.getByRole('button', { name: t('voice.kiosk.send') }).click(),
          ])
        }
        const analyst = await pageFor('analyst', locale)
        await analyst.goto(`/staff/voice/kiosk/${encodeURIComponent(companyKeyOf(company))}`)
        await axeClean(analyst, `/staff/voice/kiosk/:company (${locale})`)
        await analyst.getByRole('button', { name: t('voice.partners.share') }).click()
        const link = await analyst.locator('.notification a[href^="/partners/kiosk/"]').getAttribute('href')
        expect(link).toMatch(/^\/partners\/kiosk\/[A-Za-z0-9_-]{22}$/)
        const partner = await pageFor('anonymous', locale)
        await partner.goto(link!)
        await expect
          .poll(() => partner.locator('#report-problems-table').textContent())
          .toContain(t('voice.problem.small_text'))
        // payment was reported twice: fewer than 5, withheld
        await expect
          .poll(() => partner.locator('#report-problems-table').textContent())
          .toContain(t('stats.small'))
        await axeClean(partner, `/partners/kiosk/:token (${locale})`)
        const pdfHref = await partner.getByRole('link', { name: t('voice.report.pdf') }).getAttribute('href')
        const pdf = await partner.request.get(pdfHref!)
        expect(pdf.headers()['content-type']).toBe('application/pdf')
        expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF')
      })

      it("a guide asks an open question in the field: the answer counts in the question's results", async () => {
        const db = e2e.database.db
        const manager = await makeStaff(db, 'programme_manager', null)
        const q = await openCampaign(
          db,
          manager.actor,
          CampaignInput.parse({
            questionKo: `현장에서 묻는 질문 ${locale}`,
            questionEn: `A question asked in the field ${locale}`,
            choicesKo: '은행 앱\n키오스크',
            choicesEn: 'Banking apps\nKiosks',
          }),
          new Date(),
        )
        const guide = await pageFor('guide', locale)
        await guide.goto(`/staff/voice/questions/${q.id}/field?back=/staff/guides/field&district=11110`)
        await axeClean(guide, `/staff/voice/questions/:id/field (${locale})`)
        await guide.getByRole('button', { name: t('voice.field.save') }).click()
        await expect.poll(() => guide.locator('.error-summary').count()).toBe(1)
        await axeClean(guide, `/staff/voice/questions/:id/field error (${locale})`)
        await guide.getByLabel(locale === 'ko' ? '키오스크' : 'Kiosks', { exact: true }).check()
        await guide.getByLabel(t('voice.group.senior'), { exact: true }).check()
        await guide.getByRole('button', { name: t('voice.field.save') }).click()
        await expect.poll(() => new URL(guide.url()).pathname).toBe('/staff/guides/field')
        const r = await campaignResults(db, manager.actor, q.id)
        expect(r.totals).toEqual([0, 1])
        expect(r.byDistrict).toEqual([{ choice: 1, key: '11110', n: 1 }])
      })

      it('after a street assist, the guide shows a one-tap survey on the phone screen and hands it over', async () => {
        const db = e2e.database.db
        const g = await findStaffByLogin(db, 'guide')
        const key = `e2e-assist-${locale}-0001`
        await db.insert(guideAssists).values({
          idemKey: key,
          staffId: g!.id,
          siteId: 'e2e-site',
          labelKo: '역 앞',
          labelEn: 'Station',
          districtCode: '11140',
          what: 'smartphone',
          outcome: 'solved',
          minutes: 5,
          occurredAt: new Date(Date.now() + 60_000), // the newest of the guide's assists
          createdAt: new Date(),
        })
        const guide = await pageFor('guide', locale)
        await guide.goto('/staff/guides/field')
        await guide.getByRole('button', { name: t('voice.assistSurvey.show') }).click()
        await expect.poll(() => guide.locator('h1').textContent()).toBe(t('voice.assistSurvey.pageTitle'))
        await expect.poll(() => guide.getByAltText(t('voice.assistSurvey.qrAlt')).count()).toBe(1)
        await axeClean(guide, `assist survey on the guide's screen (${locale})`)
        await guide.getByRole('link', { name: t('voice.assistSurvey.here') }).click()
        await axeClean(guide, `/v/:token for an assist (${locale})`)
        await guide.getByRole('button', { name: t('voice.face.3'), exact: true }).click()
        await expect
          .poll(
            async () =>
              (
                await db
                  .select()
                  .from(surveyResponses)
                  .where(eq(surveyResponses.reference, `GA-${key}`))
              ).length,
          )
          .toBe(1)
        const [a] = await db
          .select()
          .from(surveyResponses)
          .where(eq(surveyResponses.reference, `GA-${key}`))
        expect(a).toMatchObject({ service: 'assist', score: 3, channel: 'field', districtCode: '11140' })
      })

      it('the public page withholds small cells, every chart has a table, downloads work', async () => {
        const visitor = await pageFor('anonymous', locale)
        await visitor.goto(`/stats?year=${YEAR}`)
        await axeClean(visitor, `/stats (${locale})`)
        const rows = visitor.locator('#districts tbody tr')
        const jongno = rows.filter({ hasText: locale === 'ko' ? '종로구' : 'Jongno' })
        const jung = rows.filter({ hasText: locale === 'ko' ? '중구' : 'Jung-gu' }).first()
        await expect.poll(() => jongno.textContent()).toContain(t('stats.withheld'))
        await expect.poll(() => jung.textContent()).toContain('16')
        // by group: a stated disability (2 people) withheld, low income (6) shown
        const groups = visitor.locator('#groups tbody tr')
        expect(await groups.filter({ hasText: t('stats.grp.disability') }).textContent()).toContain(
          t('stats.withheld'),
        )
        expect(await groups.filter({ hasText: t('stats.grp.low_income') }).textContent()).toContain('6')
        const charts = visitor.locator('figure.stat-chart')
        const n = await charts.count()
        expect(n).toBeGreaterThanOrEqual(3)
        for (let i = 0; i < n; i++) {
          expect(await charts.nth(i).locator('table').count()).toBe(1)
          expect(await charts.nth(i).locator('svg[role="img"]').count()).toBe(1)
        }
        for (const [href, type] of [
          [`/api/v1/open-data/files/districts.csv?year=${YEAR}`, 'text/csv'],
          [`/api/v1/open-data/files/monthly.json?year=${YEAR}`, 'application/json'],
          [`/api/v1/open-data/files/districts.xlsx?year=${YEAR}`, 'spreadsheetml'],
          [`/api/v1/open-data/files/groups.csv?year=${YEAR}`, 'text/csv'],
          ['/api/v1/open-data/files/dictionary.csv', 'text/csv'],
        ] as const) {
          expect(await visitor.locator(`a[href="${href}"]`).count(), href).toBe(1)
          const res = await visitor.request.get(href)
          expect(res.status(), href).toBe(200)
          expect(res.headers()['content-type'], href).toContain(type)
        }
      })
    })
  }
})
