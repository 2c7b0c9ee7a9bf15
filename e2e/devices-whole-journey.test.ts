/**
 * Issue #3's whole "done when" journey in one run, in a real browser, in Korean and in English (each on
 * its own fresh demo database), with axe on every page visited:
 * a company pledges 20 laptops → the technician receives them (asset tags), wipes each with a verified
 * storage record, refurbishes and grades it, marks it ready → the receipt PDF is issued and downloaded
 * (its number inside) → a citizen applies on the web, a community-centre worker registers a resident on a
 * phone call and applies for them, and the centre applies for a batch for its seniors → documents checked,
 * applications approved → the allocation preview explains itself (objective, district shares, reasons)
 * and is committed → slots booked and the devices handed over → the citizen reports a fault, the technician
 * triages, schedules, records parts and resolves it → the company signs in and sees every device's journey,
 * delivered to a district, without any recipient's personal data.
 *
 * Only reads go to the database (ids, to find rows the pages list); every change is made through the pages.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { translator } from '../src/platform/i18n/index.ts'
import {
  axeClean,
  button,
  devicePages,
  issueReceipt,
  type Locale,
  open,
  pledgeLaptops,
  receivePledge,
  submit,
  utf16be,
  visitAndResolve,
  wipeAndRefurbish,
} from './devices-helpers.ts'
import { describeBrowser, type E2E, SAMPLE_CITIZEN, startE2E } from './harness.ts'

registerDomains()

const PHONE_RESIDENT = { name: '최전화', phone: '010-5678-1234', birthDate: ['1951', '4', '9'] as const }

for (const locale of ['ko', 'en'] as const satisfies Locale[]) {
  describeBrowser(`devices: the whole journey, pledge to impact (${locale})`, () => {
    let e2e: E2E
    const pages = devicePages(() => e2e)

    beforeAll(async () => {
      e2e = await startE2E()
    }, 300_000)
    afterAll(async () => {
      await pages.closeAll()
      await e2e?.close()
    })

    it(`${locale}: 20 laptops pledged, wiped, graded, receipted, applied for three ways, allocated, delivered, repaired, seen by the company`, async () => {
      const t = translator(locale)
      const company = locale === 'ko' ? '가치전자 주식회사' : 'Gachi Electronics Ltd'
      const q = e2e.database.query.bind(e2e.database)
      const started = Date.now()
      // progress on stderr: a slow step is found in the log, not guessed
      const step = (name: string) =>
        console.error(`[whole journey ${locale}] ${Math.round((Date.now() - started) / 1000)}s ${name}`)

      // 1. the company pledges 20 laptops through its donor account
      step('1.')
      const donor = await pages.pageAs('donor', locale)
      const condition = locale === 'ko' ? '작동함' : 'working'
      await pledgeLaptops(donor, t, { company, count: 20, condition })

      // 2. the technician receives them against the pledge: 20 asset tags
      step('2.')
      const tech = await pages.pageAs('repair', locale)
      await receivePledge(tech, t, company, 20)
      const rows = await q<{ tag: string; id: string }>(
        `select d.asset_tag as tag, d.id from devices d join device_donors o on o.id = d.donor_id
         where o.name = $1 order by d.asset_tag`,
        [company],
      )
      expect(rows).toHaveLength(20)

      // 3. each is wiped (verified), refurbished and graded, then marked ready, on its device page
      step('3.')
      for (const [i, r] of rows.entries()) {
        await wipeAndRefurbish(tech, t, r.tag, i % 4 === 3 ? 'B' : 'A', i === 0)
        await submit(tech, button(tech, t, 'devices.quick.ready'))
        if (i === 0) await axeClean(tech, `device page, ready (${locale})`)
        if (i % 5 === 4) step(`${i + 1} devices ready`)
      }
      const [ready] = await q<{ n: number }>(
        `select count(*)::int as n from devices d join device_donors o on o.id = d.donor_id
         where o.name = $1 and d.status = 'ready' and d.wipe_verified`,
        [company],
      )
      expect(ready!.n).toBe(20)
      await open(tech, '/staff/devices?status=ready', `stock, ready (${locale})`)

      // 4. the programme manager issues the receipt and downloads its PDF: a PDF with that number in it
      step('4.')
      const manager = await pages.pageAs('manager', locale)
      const { number, body } = await issueReceipt(manager, t, company)
      // pdfkit writes the title (title + number) as ASCII, or as UTF-16BE when it has Korean in it
      const inPdf =
        body.includes(Buffer.from(`${t('devices.receipt.title')} ${number}`)) ||
        body.includes(utf16be(number))
      expect(inPdf, 'the receipt number in the PDF').toBe(true)

      // 5a. a verified citizen applies on the web
      step('5a.')
      const citizen = await pages.pageAs('citizen', locale)
      await open(citizen, '/devices', `/devices (${locale})`)
      await open(citizen, '/devices/apply', `/devices/apply (${locale})`)
      await citizen.locator('input[name="deviceType"][value="laptop"]').check()
      await citizen.locator('#f-districtCode').selectOption('11110')
      for (const c of ['basicLivelihood', 'seniorAlone'])
        await citizen.locator(`input[name="criteria"][value="${c}"]`).check()
      await submit(citizen, button(citizen, t, 'devices.apply.submit'))
      await axeClean(citizen, `/devices/status (${locale})`)

      // 5b. a resident phones the community centre: the worker registers them and applies on their behalf
      step('5b.')
      const centre = await pages.pageAs('centre', locale)
      await open(centre, '/staff/people/new', `/staff/people/new (${locale})`)
      // the form as the worker reads it: each question by its label, each answer by its own
      const person = centre.locator('main form[action="/staff/people/new"]')
      const answer = async (question: string, choice: string) =>
        person
          .getByRole('group', { name: t(question), exact: true })
          .getByRole('radio', { name: t(choice), exact: true })
          .check()
      await answer('people.field.channel', 'people.channel.phone')
      await answer('people.field.relationship', 'people.relationship.self')
      await person.getByLabel(t('people.field.name'), { exact: true }).fill(PHONE_RESIDENT.name)
      await person.getByLabel(t('people.field.phone'), { exact: true }).fill(PHONE_RESIDENT.phone)
      const [y, m, d] = PHONE_RESIDENT.birthDate
      await person.getByLabel(t('people.date.year'), { exact: true }).fill(y)
      await person.getByLabel(t('people.date.month'), { exact: true }).fill(m)
      await person.getByLabel(t('people.date.day'), { exact: true }).fill(d)
      await person.getByLabel(t('people.field.district')).fill('11110') // (optional)
      await answer('people.field.language', `lang.${locale}`)
      // acting for someone needs their agreement, and how it was given (on the phone: spoken)
      await answer('people.field.consentGiven', 'common.yes')
      await answer('people.field.consentMethod', 'people.consentMethod.verbal')
      await submit(centre, button(centre, t, 'people.register.submit'))
      const personId = new URL(centre.url()).pathname.split('/').at(-1)!
      expect(personId).toMatch(/^[0-9a-f-]{36}$/)
      await axeClean(centre, `person record (${locale})`)
      await open(centre, '/staff/devices/applications/new', `/staff/devices/applications/new (${locale})`)
      await centre.locator('input[name="applicantKind"][value="proxy"]').check()
      await centre.locator('#f-personId').fill(personId)
      await centre.locator('input[name="channel"][value="phone"]').check()
      await centre.locator('input[name="consentGiven"][value="yes"]').check()
      await centre.locator('input[name="deviceType"][value="laptop"]').check()
      await centre.locator('#f-districtCode').selectOption('11110')
      for (const c of ['basicLivelihood', 'seniorAlone'])
        await centre.locator(`input[name="criteria"][value="${c}"]`).check()
      await submit(centre, button(centre, t, 'devices.apply.submit'))

      // 5c. the centre applies for a batch of five laptops for its seniors' room
      step('5c.')
      await open(centre, '/staff/devices/applications/new', `organisation batch form (${locale})`)
      await centre.locator('input[name="applicantKind"][value="organisation"]').check()
      await centre.locator('input[name="channel"][value="walk_in"]').check()
      await centre.locator('input[name="deviceType"][value="laptop"]').check()
      await centre.locator('#f-quantity').fill('5')
      await centre.locator('#f-districtCode').selectOption('11110')
      await centre.locator('input[name="criteria"][value="seniorAlone"]').check()
      await submit(centre, button(centre, t, 'devices.apply.submit'))
      await axeClean(centre, `/staff/devices/applications, centre (${locale})`)

      const apps = await q<{ id: string; kind: string; person_id: string | null; quantity: number }>(
        `select id, applicant_kind as kind, person_id, quantity from device_applications
         where status = 'submitted' and device_type = 'laptop' order by created_at`,
      )
      const web = apps.find((a) => a.kind === 'citizen')!
      const phone = apps.find((a) => a.kind === 'proxy' && a.person_id === personId)!
      const batch = apps.find((a) => a.kind === 'organisation')!
      expect([!!web, !!phone, !!batch]).toEqual([true, true, true])
      expect(batch.quantity).toBe(5)

      // 6. the manager checks the residents' documents and approves the three
      step('6.')
      for (const a of [web, phone]) {
        await open(manager, `/staff/devices/applications/${a.id}/documents`, `documents (${locale})`)
        await manager.locator('#f-document').selectOption('livelihood_certificate')
        await manager.locator('input[name="result"][value="verified"]').check()
        await submit(manager, button(manager, t, 'devices.doc.record'))
      }
      await open(manager, '/staff/devices/applications', `/staff/devices/applications (${locale})`)
      for (const a of [web, phone, batch])
        await submit(
          manager,
          manager.locator(
            `form[action="/staff/devices/applications/${a.id}/decision"] button[value="approved"]`,
          ),
        )
      await axeClean(manager, `applications approved (${locale})`)

      // 7. the allocation preview explains itself: objective, each district's share, why for each
      step('7.')
      await open(manager, '/staff/devices/allocation', `/staff/devices/allocation (${locale})`)
      const lead = (await manager.textContent('main p.lead')) ?? ''
      expect(lead).toMatch(/\d/)
      const jongno = manager.locator('#districts tr', { hasText: locale === 'ko' ? '종로구' : 'Jongno' })
      expect(await jongno.count(), 'Jongno-gu in the district shares').toBe(1)
      expect(await jongno.textContent()).toMatch(/%/)
      for (const a of [web, phone, batch]) {
        const ref = `DA-${a.id.replace(/-/g, '').slice(0, 8).toUpperCase()}`
        const row = manager.locator('#decisions tr', { hasText: ref })
        expect(await row.count(), `${ref} in the decisions`).toBe(1)
        expect(
          ((await row.locator('td').last().textContent()) ?? '').trim().length,
          `why for ${ref}`,
        ).toBeGreaterThan(3)
      }
      await submit(manager, button(manager, t, 'devices.alloc.commit'))
      await axeClean(manager, `allocation committed (${locale})`)
      const allocs = await q<{ id: string; tag: string; app: string }>(
        `select al.id, d.asset_tag as tag, al.application_id as app from device_allocations al
         join devices d on d.id = al.device_id where al.application_id = any($1::uuid[]) order by d.asset_tag`,
        [[web.id, phone.id, batch.id]],
      )
      expect(allocs.filter((a) => a.app === web.id)).toHaveLength(1)
      expect(allocs.filter((a) => a.app === phone.id)).toHaveLength(1)
      expect(allocs.filter((a) => a.app === batch.id)).toHaveLength(5)
      expect(new Set(allocs.map((a) => a.tag)).size).toBe(7)
      expect(
        allocs.every((a) => rows.some((r) => r.tag === a.tag)),
        'the donated laptops were given',
      ).toBe(true)

      // 8. a pickup slot; the citizen books theirs, staff book the others; each is handed over
      step('8.')
      await open(manager, '/staff/devices/slots', `/staff/devices/slots (${locale})`)
      await manager.locator('input[name="kind"][value="pickup"]').check()
      await manager
        .locator('#f-centre')
        .fill(locale === 'ko' ? '서울 IT 나눔센터' : 'Seoul IT sharing centre')
      await manager.locator('#f-date').fill('2099-03-02')
      await manager.locator('#f-time').fill('14:00')
      await manager.locator('#f-capacity').fill('10')
      await submit(manager, button(manager, t, 'devices.slot.create'))
      await axeClean(manager, `slots (${locale})`)
      await open(citizen, '/devices/delivery', `/devices/delivery (${locale})`)
      const slotValue = (await citizen.locator('#f-slotId option').nth(1).getAttribute('value'))!
      await citizen.locator('#f-slotId').selectOption(slotValue)
      await submit(citizen, button(citizen, t, 'devices.slot.bookButton'))
      expect(await citizen.textContent('main')).toContain(t('devices.slot.bookedOk'))

      await open(tech, '/staff/devices/deliveries', `/staff/devices/deliveries (${locale})`)
      for (const [i, a] of allocs.entries()) {
        await open(tech, `/staff/devices/allocations/${a.id}`, `handover ${a.tag} (${locale})`)
        if (a.app !== web.id) {
          await tech.locator('#f-slotId').selectOption(slotValue)
          await submit(tech, button(tech, t, 'devices.slot.bookButton'))
        }
        const who =
          a.app === web.id ? SAMPLE_CITIZEN.name : a.app === phone.id ? PHONE_RESIDENT.name : '박복지'
        await tech.locator('#f-receivedBy').fill(who)
        await tech.locator('input[name="starterGuideKind"][value="large_print"]').check()
        await tech.locator(`input[name="classOffer"][value="${i % 2 ? 'declined' : 'accepted'}"]`).check()
        await submit(tech, button(tech, t, 'devices.deliveries.confirm'))
        expect(await tech.textContent('main')).toContain(t('devices.handover.done'))
        if (i === 0) await axeClean(tech, `handed over (${locale})`)
      }
      const [delivered] = await q<{ n: number }>(
        `select count(*)::int as n from device_allocations where status = 'delivered' and application_id = any($1::uuid[])`,
        [[web.id, phone.id, batch.id]],
      )
      expect(delivered!.n).toBe(7)

      // 9. the citizen reports a fault on their device page; the technician triages, schedules, resolves
      step('9.')
      const mine = allocs.find((a) => a.app === web.id)!
      await open(citizen, '/me', `/me (${locale})`)
      await citizen.locator(`a[href="/devices/mine/${mine.tag}"]`).click()
      await citizen.waitForLoadState('load')
      await axeClean(citizen, `/devices/mine (${locale})`)
      await citizen
        .locator('#f-problem')
        .fill(locale === 'ko' ? '화면이 켜지지 않아요' : 'The screen stays dark')
      await submit(citizen, button(citizen, t, 'devices.mine.reportButton'))
      expect(await citizen.textContent('main')).toContain(t('devices.mine.reported'))
      await axeClean(citizen, `fault reported (${locale})`)

      await open(tech, '/staff/devices/queue', `/staff/devices/queue (${locale})`)
      const ticketLink = tech.locator('#repair-tickets a', { hasText: /RT-|D-/ }).first()
      expect(await ticketLink.count()).toBe(1)
      const [ticket] = await q<{ id: string }>(
        `select t.id from device_repair_tickets t join devices d on d.id = t.device_id
         where d.asset_tag = $1 and t.status = 'open'`,
        [mine.tag],
      )
      await open(tech, `/staff/devices/repairs/${ticket!.id}`, `repair ticket (${locale})`)
      await tech.locator('input[name="skill"][value="hardware"]').check()
      await submit(tech, button(tech, t, 'devices.repair.triageSave'))
      await axeClean(tech, `repair ticket triaged (${locale})`)
      await visitAndResolve(tech, t, locale)
      await axeClean(tech, `repair resolved (${locale})`)
      await open(citizen, `/devices/mine/${mine.tag}`, `/devices/mine after the repair (${locale})`)
      expect(await citizen.textContent('#tickets')).toContain(
        locale === 'ko' ? '전원 어댑터' : 'Power adapter',
      )

      // 10. the company signs in and sees each device's journey, delivered to a district, nobody's details
      step('10.')
      const company2 = await pages.blankPage(locale)
      await e2e.signIn(company2, 'donor')
      await open(company2, '/staff/devices/impact', `/staff/devices/impact (${locale})`)
      const impact = (await company2.textContent('main')) ?? ''
      expect(impact).toContain(t('devices.impact.totalsCompany'))
      for (const r of rows) expect(impact).toContain(r.tag)
      const district = locale === 'ko' ? '종로구' : 'Jongno'
      for (const a of allocs) {
        const row = company2.locator('#journeys tr', { hasText: a.tag })
        expect(await row.textContent(), `${a.tag} delivered to a district`).toContain(district)
      }
      for (const personal of [
        SAMPLE_CITIZEN.name,
        SAMPLE_CITIZEN.phone,
        PHONE_RESIDENT.name,
        PHONE_RESIDENT.phone,
        '박복지',
        web.id,
        phone.id,
      ])
        expect(impact, 'no recipient’s personal data on the impact page').not.toContain(personal)
      const html = await company2.content()
      for (const personal of [SAMPLE_CITIZEN.phone.replace(/-/g, ''), PHONE_RESIDENT.phone.replace(/-/g, '')])
        expect(html).not.toContain(personal)
      const cert = await company2
        .locator(`a[href="/api/v1/devices/${rows[0]!.id}/wipe-certificate.pdf"]`)
        .getAttribute('href')
      const certPdf = await company2.request.get(cert!)
      expect(certPdf.status()).toBe(200)
      expect(certPdf.headers()['content-type']).toBe('application/pdf')
    }, 1_500_000)
  })
}
