/**
 * Shared steps of the device-sharing browser journeys (issue #3): pages as a demo account in a locale,
 * form submission that expects no error summary, axe on the way, and the staff device page's wipe →
 * refurbish → grade steps (what the QR label opens on a phone).
 */
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import type { T as Translate } from '../src/platform/i18n/index.ts'
import { formatViolations, runAxe } from './axe.ts'
import type { DemoStaff, E2E } from './harness.ts'

export type Locale = 'ko' | 'en'

export interface DevicePages {
  /** A new page as a demo staff account (or the harness's verified citizen), in the locale. */
  pageAs(who: DemoStaff | 'citizen', locale: Locale): Promise<Page>
  /** A new page with no session, in the locale (for a sign-in through the real form). */
  blankPage(locale: Locale): Promise<Page>
  closeAll(): Promise<void>
}

/** Pages in their own contexts, closed together at the end. */
export function devicePages(e2e: () => E2E): DevicePages {
  const contexts: BrowserContext[] = []
  async function context(locale: Locale) {
    const c = await e2e().newContext({ locale: locale === 'ko' ? 'ko-KR' : 'en-GB' })
    contexts.push(c)
    await c.addCookies([{ name: 'gachi_lang', value: locale, url: e2e().baseUrl }])
    return c
  }
  return {
    async pageAs(who, locale) {
      const c = await context(locale)
      await c.addCookies([who === 'citizen' ? await e2e().citizenSession() : await e2e().staffSession(who)])
      return c.newPage()
    },
    async blankPage(locale) {
      return (await context(locale)).newPage()
    },
    async closeAll() {
      for (const c of contexts.splice(0)) await c.close().catch(() => {})
    },
  }
}

/** Checks the page as it is now with axe; `where` names it in the failure. */
export async function axeClean(page: Page, where: string) {
  const v = await runAxe(page)
  expect(v, formatViolations(where, v)).toEqual([])
}

/** Opens a page (200 expected) and checks it with axe. */
export async function open(page: Page, url: string, where = url) {
  const r = await page.goto(url)
  expect(r?.status(), url).toBe(200)
  await axeClean(page, where)
}

/** Submits the form holding `button` and waits for the next page (POST → 303 → GET); no error summary. */
export async function submit(page: Page, button: Locator) {
  await Promise.all([page.waitForEvent('framenavigated', (f) => f === page.mainFrame()), button.click()])
  await page.waitForLoadState('load')
  const errors = page.locator('.error-summary')
  // (the summary's text only when there is one: reading a missing element waits for it)
  const n = await errors.count()
  expect(n, `errors on ${page.url()}: ${n ? await errors.first().textContent() : ''}`).toBe(0)
}

/** The button whose accessible name is the message `key` in the page's language. */
export const button = (page: Page, t: Translate, key: string) =>
  page.getByRole('button', { name: t(key), exact: true })

/**
 * On a repair ticket already triaged: schedules the visit, records the resolution with one part and
 * resolves it (the technician's last three forms).
 */
export async function visitAndResolve(tech: Page, t: Translate, locale: Locale) {
  await tech.locator('#f-date').fill('2099-03-04')
  await tech.locator('#f-time').fill('10:00')
  await submit(tech, button(tech, t, 'devices.repair.visitSave'))
  await tech
    .locator('#f-resolution')
    .fill(locale === 'ko' ? '전원 어댑터 교체' : 'Replaced the power adapter')
  await tech.locator('#f-partName1').fill(locale === 'ko' ? '전원 어댑터' : 'Power adapter')
  await tech.locator('#f-partCost1').fill('25000')
  await submit(tech, button(tech, t, 'devices.queue.resolve'))
}

/**
 * Takes one received device through wiping, the verified wipe record (one SSD) and refurbishment with a
 * grade on its device page; `axe` checks each state of the page (do it for the first device only).
 */
export async function wipeAndRefurbish(
  page: Page,
  t: Translate,
  tag: string,
  grade: 'A' | 'B' | 'C',
  axe = false,
) {
  await page.goto(`/staff/devices/${tag}`)
  if (axe) await axeClean(page, `device page, received (${tag})`)
  await submit(page, button(page, t, 'devices.quick.wiping'))
  if (axe) await axeClean(page, `device page, wiping (${tag})`)
  await page.locator('input[name="to"][value="wiped"]').check()
  await page.locator('input[name="wipeMethod"][value="purge"]').check()
  await page.locator('#f-wipeTool').fill('nwipe 0.35')
  await page.locator('#f-verifierName').fill('이검증')
  await page.locator('#f-storage1Kind').selectOption('ssd')
  await page.locator('#f-storage1Serial').fill(`SSD-${tag}`)
  await page.locator('#f-storage1Gb').fill('256')
  await submit(page, button(page, t, 'devices.device.save'))
  if (axe) await axeClean(page, `device page, wiped (${tag})`)
  await page.locator('input[name="checklist"][value="cleaned"]').check()
  await page.locator('input[name="checklist"][value="battery"]').check()
  await page.locator('#f-cpu').fill('i5-8250U')
  await page.locator('#f-ramGb').fill('8')
  await page.locator('#f-partName1').fill(t('devices.check.battery'))
  await page.locator('#f-partCost1').fill('45000')
  await page.locator(`input[name="grade"][value="${grade}"]`).check()
  await submit(page, button(page, t, 'devices.refurb.save'))
  expect(await page.locator('#refurbishments').count()).toBe(1)
}

/**
 * A company pledges `count` laptops (3 years old, in the `condition` described, dropped off, data
 * destruction agreed) through /devices/donate as the signed-in donor account; axe on the form and on the
 * thank-you page.
 */
export async function pledgeLaptops(
  page: Page,
  t: Translate,
  { company, count, condition }: { company: string; count: number; condition: string },
) {
  await open(page, '/devices/donate', `/devices/donate (${company})`)
  await page.locator('input[name="donorKind"][value="company"]').check()
  await page.locator('#f-name').fill(company)
  await page.locator('#f-businessNo').fill('123-45-67890')
  await page.locator('#f-contact').fill('csr@example.com')
  await page.locator('#f-deviceType').selectOption('laptop')
  await page.locator('#f-count').fill(String(count))
  await page.locator('#f-ageYears').fill('3')
  await page.locator('#f-condition').fill(condition)
  await page.locator('input[name="handover"][value="drop_off"]').check()
  await page.locator('input[name="consentDataDestruction"]').check()
  await submit(page, button(page, t, 'devices.donate.submit'))
  expect(await page.textContent('main')).toContain(t('devices.donate.done'))
  await axeClean(page, `pledge done (${company})`)
}

/** The technician receives `count` laptops against the company's pledge on the intake page (asset tags). */
export async function receivePledge(page: Page, t: Translate, company: string, count: number) {
  await open(page, '/staff/devices/intake', `/staff/devices/intake (${company})`)
  const pledge = page.locator('#f-pledgeId option', { hasText: company })
  await page.locator('#f-pledgeId').selectOption((await pledge.first().getAttribute('value'))!)
  await page.locator('#f-deviceType').selectOption('laptop')
  await page.locator('#f-count').fill(String(count))
  await page.locator('#f-ageYears').fill('3')
  await submit(page, button(page, t, 'devices.intake.submit'))
  await axeClean(page, `intake done (${company})`)
}

/**
 * The programme manager issues the receipt for the company's pledge and fetches its PDF: a PDF (200,
 * application/pdf) whose file name carries the number shown in the receipts table. Returns the number
 * and the PDF's bytes.
 */
export async function issueReceipt(page: Page, t: Translate, company: string) {
  await open(page, '/staff/devices/receipts', `/staff/devices/receipts (${company})`)
  const pledge = page.locator('#f-pledgeId option', { hasText: company })
  await page.locator('#f-pledgeId').selectOption((await pledge.first().getAttribute('value'))!)
  await submit(page, button(page, t, 'devices.receipts.issue'))
  await axeClean(page, `receipt issued (${company})`)
  const row = page.locator('#receipts tr', { hasText: company }).first()
  const href = await row.locator('a[href$=".pdf"]').getAttribute('href')
  const pdf = await page.request.get(href!)
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  const number = pdf.headers()['content-disposition']?.match(/receipt-(.+)\.pdf/)?.[1]
  expect(number, 'the receipt number in the file name').toBeTruthy()
  expect(await row.textContent()).toContain(number!)
  const body = await pdf.body()
  expect(body.subarray(0, 5).toString()).toBe('%PDF-')
  return { number: number!, body }
}

/** The UTF-16BE bytes pdfkit writes for a non-ASCII info string, to find e.g. the receipt number in /Title. */
export function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le')
  const be = Buffer.alloc(le.length)
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!
    be[i + 1] = le[i]!
  }
  return be
}
