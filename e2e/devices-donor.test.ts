/**
 * The donor part of issue #3's "done when" journey, in a real browser, in Korean and in English:
 * a company pledges 20 laptops through its own account, staff receive them (asset tags), wipe them with a
 * storage record, refurbish and grade them on the device page, a receipt PDF is issued, and the company
 * sees each device's journey with its wipe certificate. The steps are the shared ones in devices-helpers.ts
 * (the whole journey walks them too), axe on the way.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { translator } from '../src/platform/i18n/index.ts'
import {
  devicePages,
  issueReceipt,
  open,
  pledgeLaptops,
  receivePledge,
  wipeAndRefurbish,
} from './devices-helpers.ts'
import { describeBrowser, type E2E, startE2E } from './harness.ts'

registerDomains()

describeBrowser('devices: a company donation from pledge to impact', () => {
  let e2e: E2E
  const pages = devicePages(() => e2e)

  beforeAll(async () => {
    e2e = await startE2E()
  }, 120_000)
  afterAll(async () => {
    await pages.closeAll()
    await e2e?.close()
  })

  for (const locale of ['ko', 'en'] as const) {
    it(`${locale}: pledge 20 laptops → receive → wipe → refurbish and grade → receipt PDF → the company sees the impact`, async () => {
      const t = translator(locale)
      const company = `Gachi ${locale.toUpperCase()} Electronics`

      // 1. the company pledges through its donor account
      const donor = await pages.pageAs('donor', locale)
      const condition = locale === 'ko' ? '작동함' : 'working'
      await pledgeLaptops(donor, t, { company, count: 20, condition })

      // 2. the technician receives the 20 laptops against the pledge: 20 asset tags
      const tech = await pages.pageAs('repair', locale)
      await receivePledge(tech, t, company, 20)
      const rows = await e2e.database.query<{ tag: string; id: string }>(
        `select d.asset_tag as tag, d.id from devices d join device_donors o on o.id = d.donor_id
         where o.name = $1 order by d.asset_tag`,
        [company],
      )
      expect(rows).toHaveLength(20)

      // 3. wipe, refurbish and grade each one on its device page (what the QR label opens)
      for (const [i, r] of rows.entries())
        await wipeAndRefurbish(tech, t, r.tag, i % 3 === 0 ? 'B' : 'A', i === 0)
      const graded = await e2e.database.query<{ n: number }>(
        `select count(*)::int as n from devices d join device_donors o on o.id = d.donor_id
         where o.name = $1 and d.status = 'graded' and d.wipe_verified`,
        [company],
      )
      expect(graded[0]!.n).toBe(20)

      // 4. the programme manager issues the receipt (value from the valuation table) and opens its PDF
      const manager = await pages.pageAs('manager', locale)
      await issueReceipt(manager, t, company)

      // 5. the company sees each device's journey with a wipe certificate, and its totals
      await open(donor, '/staff/devices/impact', `/staff/devices/impact (${locale})`)
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
