/**
 * The donor part of issue #3's "done when" journey, in a real browser, in Korean and in English:
 * a company pledges 20 laptops through its own account, staff receive them (asset tags), wipe them with a
 * storage record, refurbish and grade them on the device page, a receipt PDF is issued, and the company
 * sees each device's journey with its wipe certificate.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { type T as Translate, translator } from '../src/platform/i18n/index.ts'
import { type DemoStaff, describeBrowser, type E2E, startE2E } from './harness.ts'

registerDomains()

describeBrowser('devices: a company donation from pledge to impact', () => {
  let e2e: E2E
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    e2e = await startE2E()
  }, 120_000)
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await e2e?.close()
  })

  async function pageAs(login: DemoStaff, locale: 'ko' | 'en'): Promise<Page> {
    const context = await e2e.newContext({ locale: locale === 'ko' ? 'ko-KR' : 'en-GB' })
    contexts.push(context)
    await context.addCookies([await e2e.staffSession(login)])
    return context.newPage()
  }

  /** Submits the form holding `button` and waits for the next page (POST → 303 → GET). */
  async function submit(page: Page, button: ReturnType<Page['locator']>) {
    await Promise.all([page.waitForEvent('framenavigated', (f) => f === page.mainFrame()), button.click()])
    await page.waitForLoadState('load')
    expect(await page.locator('.error-summary').count(), `errors on ${page.url()}`).toBe(0)
  }

  /** Takes one received device through wiping, the wipe record and refurbishment on its (phone) page. */
  async function workOn(page: Page, t: Translate, tag: string, grade: 'A' | 'B') {
    await page.goto(`/staff/devices/${tag}`)
    await submit(page, page.getByRole('button', { name: t('devices.quick.wiping'), exact: true }))
    await page.locator('input[name="to"][value="wiped"]').check()
    await page.locator('input[name="wipeMethod"][value="purge"]').check()
    await page.locator('#f-wipeTool').fill('nwipe 0.35')
    await page.locator('#f-verifierName').fill('이검증')
    await page.locator('#f-storage1Kind').selectOption('ssd')
    await page.locator('#f-storage1Serial').fill(`SSD-${tag}`)
    await page.locator('#f-storage1Gb').fill('256')
    await submit(page, page.getByRole('button', { name: t('devices.device.save'), exact: true }))
    await page.locator('input[name="checklist"][value="cleaned"]').check()
    await page.locator('input[name="checklist"][value="battery"]').check()
    await page.locator('#f-cpu').fill('i5-8250U')
    await page.locator('#f-ramGb').fill('8')
    await page.locator('#f-partName1').fill(t('devices.check.battery'))
    await page.locator('#f-partCost1').fill('45000')
    await page.locator(`input[name="grade"][value="${grade}"]`).check()
    await submit(page, page.getByRole('button', { name: t('devices.refurb.save'), exact: true }))
    expect(await page.locator('#refurbishments').count()).toBe(1)
  }

  for (const locale of ['ko', 'en'] as const) {
    it(`${locale}: pledge 20 laptops → receive → wipe → refurbish and grade → receipt PDF → the company sees the impact`, async () => {
      const t = translator(locale)
      const company = `Gachi ${locale.toUpperCase()} Electronics`

      // 1. the company pledges through its donor account
      const donor = await pageAs('donor', locale)
      await donor.goto('/devices/donate')
      await donor.locator('input[name="donorKind"][value="company"]').check()
      await donor.locator('#f-name').fill(company)
      await donor.locator('#f-businessNo').fill('123-45-67890')
      await donor.locator('#f-contact').fill('csr@example.com')
      await donor.locator('#f-deviceType').selectOption('laptop')
      await donor.locator('#f-count').fill('20')
      await donor.locator('#f-ageYears').fill('3')
      await donor.locator('#f-condition').fill(locale === 'ko' ? '작동함' : 'working')
      await donor.locator('input[name="handover"][value="drop_off"]').check()
      await donor.locator('input[name="consentDataDestruction"]').check()
      await submit(donor, donor.getByRole('button', { name: t('devices.donate.submit'), exact: true }))
      expect(await donor.textContent('main')).toContain(t('devices.donate.done'))

      // 2. the technician receives the 20 laptops against the pledge: 20 asset tags
      const tech = await pageAs('repair', locale)
      await tech.goto('/staff/devices/intake')
      const option = tech.locator('#f-pledgeId option', { hasText: company })
      await tech.locator('#f-pledgeId').selectOption((await option.first().getAttribute('value'))!)
      await tech.locator('#f-deviceType').selectOption('laptop')
      await tech.locator('#f-count').fill('20')
      await tech.locator('#f-ageYears').fill('3')
      await submit(tech, tech.getByRole('button', { name: t('devices.intake.submit'), exact: true }))
      const rows = await e2e.database.query<{ tag: string; id: string }>(
        `select d.asset_tag as tag, d.id from devices d join device_donors o on o.id = d.donor_id
         where o.name = $1 order by d.asset_tag`,
        [company],
      )
      expect(rows).toHaveLength(20)

      // 3. wipe, refurbish and grade each one on its device page (what the QR label opens)
      for (const [i, r] of rows.entries()) await workOn(tech, t, r.tag, i % 3 === 0 ? 'B' : 'A')
      const graded = await e2e.database.query<{ n: number }>(
        `select count(*)::int as n from devices d join device_donors o on o.id = d.donor_id
         where o.name = $1 and d.status = 'graded' and d.wipe_verified`,
        [company],
      )
      expect(graded[0]!.n).toBe(20)

      // 4. the programme manager issues the receipt (value from the valuation table) and opens its PDF
      const manager = await pageAs('manager', locale)
      await manager.goto('/staff/devices/receipts')
      const pledgeOption = manager.locator('#f-pledgeId option', { hasText: company })
      await manager.locator('#f-pledgeId').selectOption((await pledgeOption.first().getAttribute('value'))!)
      await submit(manager, manager.getByRole('button', { name: t('devices.receipts.issue'), exact: true }))
      const row = manager.locator('#receipts tr', { hasText: company }).first()
      const href = await row.locator('a[href$=".pdf"]').getAttribute('href')
      const pdf = await manager.request.get(href!)
      expect(pdf.status()).toBe(200)
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')

      // 5. the company sees each device's journey with a wipe certificate, and its totals
      await donor.goto('/staff/devices/impact')
      const main = (await donor.textContent('main')) ?? ''
      expect(main).toContain(t('devices.impact.totalsCompany'))
      for (const r of rows) expect(main).toContain(r.tag)
      const cert = await donor
        .locator(`a[href="/api/v1/devices/${rows[0]!.id}/wipe-certificate.pdf"]`)
        .getAttribute('href')
      const certPdf = await donor.request.get(cert!)
      expect(certPdf.status()).toBe(200)
      expect(certPdf.headers()['content-type']).toBe('application/pdf')
      const batch = donor.locator('a[href^="/api/v1/pledges/"]').first()
      expect((await donor.request.get((await batch.getAttribute('href'))!)).status()).toBe(200)
    }, 600_000)
  }
})
