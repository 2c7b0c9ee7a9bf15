/**
 * The applicant half of issue #3's "done when" journey, in a real browser, in Korean and in English:
 * a verified citizen applies for a computer and for assistive-device / internet-fee support (the
 * co-payment shown), staff check documents and approve, the allocation preview is committed, a slot is
 * made and booked, the device is handed over (guide, class offer), the citizen reports a problem on
 * their device page, and a technician triages, schedules, records parts and resolves it. Every new page
 * is checked with axe on the way.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import * as svc from '../src/domains/devices/service.ts'
import { makeStaff } from '../src/domains/people/test-helpers.ts'
import { translator } from '../src/platform/i18n/index.ts'
import { axeClean, button, open, submit, visitAndResolve } from './devices-helpers.ts'
import { type DemoStaff, describeBrowser, type E2E, startE2E } from './harness.ts'

registerDomains()

describeBrowser('devices: application → allocation → delivery → repair', () => {
  let e2e: E2E
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    e2e = await startE2E()
  }, 120_000)
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await e2e?.close()
  })

  async function pageAs(who: DemoStaff | 'citizen', locale: 'ko' | 'en'): Promise<Page> {
    const context = await e2e.newContext({ locale: locale === 'ko' ? 'ko-KR' : 'en-GB' })
    contexts.push(context)
    await context.addCookies([
      who === 'citizen' ? await e2e.citizenSession() : await e2e.staffSession(who),
      { name: 'gachi_lang', value: locale, url: e2e.baseUrl },
    ])
    return context.newPage()
  }

  /** Ready devices of one type (the donor journey is e2e/devices-donor.test.ts). */
  async function readyDevices(type: 'laptop' | 'tablet', n: number) {
    const tech = await makeStaff(e2e.database.db, 'repair_technician', null)
    const made = await svc.intakeDevices(
      e2e.database.db,
      tech.actor,
      { deviceType: type, count: n, ageYears: 2 },
      new Date(),
    )
    for (const d of made)
      for (const step of [
        { to: 'wiping' },
        { to: 'wiped', wipeMethod: 'purge', wipeTool: 'nwipe', verifierName: '이검증' },
        { to: 'refurbishing' },
        { to: 'graded', grade: 'A' },
        { to: 'ready' },
      ] as const)
        await svc.transitionDevice(e2e.database.db, tech.actor, d.id, step, new Date())
  }

  for (const locale of ['ko', 'en'] as const) {
    it(`${locale}: apply (computer and support) → documents → allocation → slot → handover → repair opened and resolved`, async () => {
      const t = translator(locale)
      const type = locale === 'ko' ? 'laptop' : 'tablet'
      await readyDevices(type, 3)

      // 1. the citizen applies for a computer, and for assistive-device / internet-fee support
      const citizen = await pageAs('citizen', locale)
      await open(citizen, '/devices', `/devices (${locale})`)
      await open(citizen, '/devices/apply', `/devices/apply (${locale})`)
      await citizen.locator(`input[name="deviceType"][value="${type}"]`).check()
      await citizen.locator('#f-districtCode').selectOption('11110')
      for (const c of ['basicLivelihood', 'disabled', 'seniorAlone'])
        await citizen.locator(`input[name="criteria"][value="${c}"]`).check()
      await submit(citizen, button(citizen, t, 'devices.apply.submit'))
      await axeClean(citizen, `/devices/status (${locale})`)

      await open(citizen, '/devices/aid/apply', `/devices/aid/apply (${locale})`)
      await citizen
        .locator(`input[name="kind"][value="${locale === 'ko' ? 'assistive' : 'internet'}"]`)
        .check()
      if (locale === 'ko') await citizen.locator('#f-itemCode').selectOption('screen_reader_sw')
      else await citizen.locator('#f-monthlyFeeKrw').fill('33000')
      await citizen.locator('#f-districtCode').selectOption('11110')
      for (const c of ['basicLivelihood', 'disabled'])
        await citizen.locator(`input[name="criteria"][value="${c}"]`).check()
      await submit(citizen, button(citizen, t, 'devices.apply.submit'))
      await axeClean(citizen, `/devices/aid (${locale})`)
      const calc = (await citizen.textContent('main')) ?? ''
      // basic livelihood: the state pays 90%, the applicant 10% of 1,000,000 won; internet: 11,000 of 33,000
      expect(calc).toContain(locale === 'ko' ? '100,000원' : '22,000 won')

      // 2. the programme manager checks documents and approves both
      const manager = await pageAs('manager', locale)
      const [app] = await e2e.database.query<{ id: string }>(
        `select a.id from device_applications a join persons p on p.id = a.person_id
         where a.device_type = $1 and a.status = 'submitted' order by a.created_at desc limit 1`,
        [type],
      )
      await open(
        manager,
        `/staff/devices/applications/${app!.id}/documents`,
        `application documents (${locale})`,
      )
      await manager.locator('#f-document').selectOption('livelihood_certificate')
      await manager.locator('input[name="result"][value="verified"]').check()
      await submit(manager, button(manager, t, 'devices.doc.record'))
      expect(await manager.textContent('#document-checks')).toContain(
        t('devices.doc.kind.livelihood_certificate'),
      )
      await open(manager, '/staff/devices/applications', `/staff/devices/applications (${locale})`)
      await submit(
        manager,
        manager.locator(
          `form[action="/staff/devices/applications/${app!.id}/decision"] button[value="approved"]`,
        ),
      )
      const [aid] = await e2e.database.query<{ id: string }>(
        "select id from device_aid_applications where status = 'submitted' order by created_at desc limit 1",
      )
      await open(manager, '/staff/devices/aid', `/staff/devices/aid (${locale})`)
      await open(manager, `/staff/devices/aid/${aid!.id}`, `aid application (${locale})`)
      await manager
        .locator('#f-document')
        .selectOption(locale === 'ko' ? 'disability_certificate' : 'internet_bill')
      await manager.locator('input[name="result"][value="verified"]').check()
      await submit(manager, button(manager, t, 'devices.doc.record'))
      await submit(manager, manager.locator('button[name="decision"][value="approved"]'))
      expect(await manager.textContent('main')).toContain(t('devices.appStatus.approved'))
      if (locale === 'ko') {
        // the approved screen reader is ordered, supplied and handed over with its co-payment (100,000 won)
        await axeClean(manager, `aid supply: order (${locale})`)
        await manager.locator('#f-supplier').fill('힘찬보조기기')
        await submit(manager, button(manager, t, 'devices.aid.supply.do.order'))
        await manager.locator('#f-serialNo').fill('SR-2026-0001')
        await submit(manager, button(manager, t, 'devices.aid.supply.do.supply'))
        await axeClean(manager, `aid supply: handover (${locale})`)
        await manager.locator('#f-receivedBy').fill('본인')
        await manager.locator('input[name="copayMethod"][value="cash"]').check()
        await manager.locator('#f-copayPaidKrw').fill('100,000')
        await submit(manager, button(manager, t, 'devices.aid.supply.do.handover'))
        expect(await manager.textContent('main')).toContain(t('devices.aid.supply.status.handed_over'))
      }

      // 3. the allocation preview explains itself; committing reserves the device
      await open(manager, '/staff/devices/allocation', `/staff/devices/allocation (${locale})`)
      await submit(manager, button(manager, t, 'devices.alloc.commit'))
      const [alloc] = await e2e.database.query<{ id: string; tag: string }>(
        `select al.id, d.asset_tag as tag from device_allocations al join devices d on d.id = al.device_id
         where al.application_id = $1`,
        [app!.id],
      )
      expect(alloc, 'the citizen got a device').toBeTruthy()

      // 4. a pickup slot, booked by the citizen
      await open(manager, '/staff/devices/slots', `/staff/devices/slots (${locale})`)
      await manager.locator('input[name="kind"][value="pickup"]').check()
      await manager
        .locator('#f-centre')
        .fill(locale === 'ko' ? '서울 IT 나눔센터' : 'Seoul IT sharing centre')
      await manager.locator('#f-date').fill(locale === 'ko' ? '2099-03-02' : '2099-03-03')
      await manager.locator('#f-time').fill('14:00')
      await manager.locator('#f-capacity').fill('5')
      await submit(manager, button(manager, t, 'devices.slot.create'))
      // the change and cancel forms appear once there is a slot
      await axeClean(manager, `/staff/devices/slots with a slot (${locale})`)
      await open(citizen, '/devices/delivery', `/devices/delivery (${locale})`)
      const slotValue = await citizen.locator('#f-slotId option').nth(1).getAttribute('value')
      await citizen.locator('#f-slotId').selectOption(slotValue!)
      await submit(citizen, button(citizen, t, 'devices.slot.bookButton'))
      expect(await citizen.textContent('main')).toContain(t('devices.slot.bookedOk'))
      // the citizen gives the place back and books it again (no JS needed)
      await submit(citizen, button(citizen, t, 'devices.slot.cancelBooking'))
      expect(await citizen.textContent('main')).toContain(t('devices.slot.bookingCancelled'))
      await axeClean(citizen, `/devices/delivery after cancelling (${locale})`)
      await citizen.locator('#f-slotId').selectOption(slotValue!)
      await submit(citizen, button(citizen, t, 'devices.slot.bookButton'))

      // 5. the technician hands it over: who received it, the starter guide, the class offer
      const tech = await pageAs('repair', locale)
      await open(tech, '/staff/devices/deliveries', `/staff/devices/deliveries (${locale})`)
      await open(tech, `/staff/devices/allocations/${alloc!.id}`, `handover (${locale})`)
      await tech.locator('#f-receivedBy').fill(locale === 'ko' ? '김순자' : 'Kim Sunja')
      await tech.locator('input[name="starterGuideKind"][value="large_print"]').check()
      await tech.locator('input[name="classOffer"][value="accepted"]').check()
      await submit(tech, button(tech, t, 'devices.deliveries.confirm'))
      expect(await tech.textContent('main')).toContain(t('devices.handover.done'))
      await open(tech, '/staff/devices/follow-ups', `/staff/devices/follow-ups (${locale})`)

      // 6. the citizen opens their device from /me and reports a problem
      await open(citizen, '/me', `/me (${locale})`)
      await citizen.locator(`a[href="/devices/mine/${alloc!.tag}"]`).click()
      await citizen.waitForLoadState('load')
      await axeClean(citizen, `/devices/mine (${locale})`)
      expect(await citizen.locator(`a[href="/ask/new?device=${alloc!.tag}"]`).count()).toBe(1)
      await citizen
        .locator('#f-problem')
        .fill(locale === 'ko' ? '화면이 켜지지 않아요' : 'The screen stays dark')
      await submit(citizen, button(citizen, t, 'devices.mine.reportButton'))
      expect(await citizen.textContent('main')).toContain(t('devices.mine.reported'))

      // 7. a repairer is registered; the technician triages, schedules the visit, records parts, resolves
      await open(manager, '/staff/devices/repairers', `/staff/devices/repairers (${locale})`)
      await manager.locator('input[name="kind"][value="volunteer"]').check()
      await manager.locator('#f-name').fill(locale === 'ko' ? '한봉사' : 'Han Volunteer')
      await manager.locator('input[name="skills"][value="hardware"]').check()
      await manager.locator('input[name="districts"][value="11110"]').check()
      await submit(manager, button(manager, t, 'devices.repairer.add'))
      await open(tech, '/staff/devices/queue', `/staff/devices/queue (${locale})`)
      const [ticket] = await e2e.database.query<{ id: string }>(
        "select t.id from device_repair_tickets t join devices d on d.id = t.device_id where d.asset_tag = $1 and t.status = 'open'",
        [alloc!.tag],
      )
      await open(tech, `/staff/devices/repairs/${ticket!.id}`, `repair ticket (${locale})`)
      await tech.locator('input[name="skill"][value="hardware"]').check()
      await submit(tech, button(tech, t, 'devices.repair.triageSave'))
      expect(await tech.textContent('main')).toContain(locale === 'ko' ? '한봉사' : 'Han Volunteer')
      await visitAndResolve(tech, t, locale)
      await axeClean(tech, `resolved ticket (${locale})`)

      // the repair history on the staff device page and on the citizen's device page
      await open(tech, `/staff/devices/${alloc!.tag}`, `device page (${locale})`)
      expect(await tech.textContent('#tickets')).toContain(
        locale === 'ko' ? '전원 어댑터 교체' : 'Replaced the power adapter',
      )
      await open(citizen, `/devices/mine/${alloc!.tag}`, `/devices/mine after repair (${locale})`)
      expect(await citizen.textContent('#tickets')).toContain(
        locale === 'ko' ? '전원 어댑터' : 'Power adapter',
      )
    }, 600_000)
  }
})
