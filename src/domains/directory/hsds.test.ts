import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database } from '../../platform/db/client.ts'
import { makeStaff } from '../people/test-helpers.ts'
import { listPlaces } from '../reference/service.ts'
import { exportHsds, HsdsPackage, importCsv, importHsds, stableUuid } from './hsds.ts'
import { PUBLISHED, TRANSCRIPTION, validateAgainstHsdsSchema } from './hsds-schema.ts'
import { FacilityInput } from './schema.ts'
import { facilityHistory, placeDetails, updateFacility } from './service.ts'

const CITY = { code: 'seoul', nameKo: '서울특별시', nameEn: 'Seoul' }
const DISTRICT = '11110'
const now = new Date('2026-12-02T01:00:00Z')
let a: Database
let b: Database
let manager: Awaited<ReturnType<typeof makeStaff>>
let ids: string[]

beforeAll(async () => {
  ;[a, b] = await Promise.all([freshDb({ reference: true }), freshDb({ reference: true })])
  manager = await makeStaff(a.db, 'programme_manager', null, now)
  const places = await listPlaces(a.db, {
    district: DISTRICT,
    page: 1,
    perPage: 5,
    kinds: ['senior_welfare_center', 'library', 'community_service_center'],
  })
  ids = places.items.map((p) => p.id)
  await updateFacility(
    a.db,
    manager.actor,
    ids[0]!,
    FacilityInput.parse({
      version: '0',
      hours: 'MO 09:00-12:00\nMO 13:00-18:00\nSA 10:00-13:00',
      hoursNoteKo: '공휴일 휴관',
      hoursNoteEn: 'Closed on public holidays',
      stepFree: 'yes',
      hearingLoop: 'no',
      braille: 'unknown',
      accessKo: '엘리베이터 있음',
      accessEn: 'Lift',
      languages: ['ko', 'en', 'zh'],
      services: ['classes', 'device_help'],
      phone: '02-1234-5678',
      email: 'centre@example.org',
      website: 'https://example.org',
      descriptionKo: '어르신 디지털 교실',
      descriptionEn: 'Digital classes for seniors',
    }),
    now,
  )
})
afterAll(async () => {
  await Promise.all([a.close(), b.close()])
})

describe('Open Referral HSDS 3.0', () => {
  it('exports stable UUIDs, HSDS fields and the Gachi extension', async () => {
    const pkg = await exportHsds(a.db, CITY, DISTRICT)
    expect(HsdsPackage.safeParse(pkg).success).toBe(true)
    expect(pkg.locations.length).toBeGreaterThan(3)
    const l = pkg.locations.find((x) => x.external_identifier === ids[0])!
    expect(l.id).toBe(stableUuid(`location:${ids[0]}`))
    expect(l.schedules?.map((s) => `${s.byday} ${s.opens_at}-${s.closes_at}`)).toEqual([
      'MO 09:00-12:00',
      'MO 13:00-18:00',
      'SA 10:00-13:00',
    ])
    expect(l.accessibility?.map((x) => x.description)).toEqual(['Step-free access (wheelchair accessible)'])
    expect(l.languages?.map((x) => x.code)).toEqual(['ko', 'en', 'zh'])
    expect(l.x_gachi?.hearingLoop).toBe(false)
    expect(l.x_gachi?.braille).toBeNull()
    expect(pkg.service_at_locations).toHaveLength(pkg.locations.length)
  })

  it("the export validates against Gachi's HSDS 3.0 JSON Schema (Ajv); a broken copy does not", async () => {
    const pkg = await exportHsds(a.db, CITY, DISTRICT)
    expect(validateAgainstHsdsSchema(pkg)).toEqual([])
    expect(validateAgainstHsdsSchema(await exportHsds(a.db, CITY))).toEqual([])
    const broken = JSON.parse(JSON.stringify(pkg)) as {
      organizations: Record<string, unknown>[]
      services: Record<string, unknown>[]
      locations: { phones: Record<string, unknown>[]; addresses: Record<string, unknown>[] }[]
      service_at_locations: Record<string, unknown>[]
    }
    const withAddress = broken.locations.findIndex((l) => l.addresses.length > 0)
    delete broken.organizations[0]!.description
    broken.services[0]!.status = 'open'
    broken.services[1]!.url = 'not a web address'
    broken.locations[0]!.phones = [{ id: stableUuid('p0') }]
    delete broken.locations[withAddress]!.addresses[0]!.country
    broken.service_at_locations[0]!.id = 7
    const problems = validateAgainstHsdsSchema(broken)
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        'organizations.0.description',
        'services.0.status',
        'services.1.url',
        'locations.0.phones.0.number',
        `locations.${withAddress}.addresses.0.country`,
        'service_at_locations.0.id',
      ].sort(),
    )
    expect(new Set(problems.map((p) => p.schema))).toEqual(new Set([TRANSCRIPTION]))
    expect(problems.find((p) => p.path === 'services.0.status')?.message).toBe(
      "HSDS 3.0 (Gachi's transcription): must be equal to one of the allowed values (active, inactive, defunct, temporarily closed)",
    )
    // the import reports the same problems and writes nothing
    const report = await importHsds(b.db, broken, null, now)
    expect(report.ok).toBe(false)
    expect(report.errors.filter((e) => e.schema === TRANSCRIPTION)).toHaveLength(6)
    expect(report.errors.filter((e) => e.message.startsWith(`${TRANSCRIPTION}: `))).toHaveLength(6)
    expect(await b.query('select 1 from dir_facility_details')).toEqual([])
    expect(await b.query("select 1 from places where source = 'hsds-import'")).toEqual([])
  })

  it('HSDS_SCHEMA_DIR: the published schema files in an operator folder are used instead', async () => {
    // A small hand-made stand-in for the specification's schema/*.json: plain JSON Schema with the
    // Frictionless annotations the published files carry, relative $refs, and a service that needs a field
    // HSDS does not require (so only this schema set can report it).
    const dir = mkdtempSync(join(tmpdir(), 'gachi-hsds-'))
    const open = (name: string, required: string[], properties: Record<string, unknown> = {}) => ({
      name,
      path: `${name}.csv`,
      format: 'csv',
      type: 'object',
      properties: {
        id: { name: 'id', type: 'string', constraints: { unique: true }, core: 'Y' },
        ...properties,
      },
      required,
    })
    const files: Record<string, unknown> = {
      'organization.json': open('organization', ['id', 'name']),
      'service.json': open('service', ['id', 'name', 'status', 'fees_description'], {
        phones: { type: 'array', items: { $ref: 'phone.json' } },
      }),
      'phone.json': open('phone', ['id', 'number']),
      'location.json': open('location', ['id']),
      'service_at_location.json': open('service_at_location', ['id']),
      'address.json': open('address', ['id', 'country']),
      'accessibility.json': open('accessibility', ['id']),
    }
    try {
      mkdirSync(join(dir, 'schema'))
      for (const [f, body] of Object.entries(files))
        writeFileSync(join(dir, 'schema', f), JSON.stringify(body))
      const schemaDir = join(dir, 'schema')
      const pkg = await exportHsds(a.db, CITY, DISTRICT)
      expect(validateAgainstHsdsSchema(pkg)).toEqual([])
      const problems = validateAgainstHsdsSchema(pkg, { schemaDir })
      expect(problems).toHaveLength(pkg.services.length)
      expect(problems[0]).toEqual({
        path: 'services.0.fees_description',
        message: "HSDS 3.0 (published files): must have required property 'fees_description'",
        schema: PUBLISHED,
      })
      // relative $refs and the location's addresses are followed in the operator's files too
      const broken = JSON.parse(JSON.stringify(pkg)) as typeof pkg
      const withAddress = broken.locations.findIndex((l) => (l.addresses ?? []).length > 0)
      Object.assign(broken.services[0]!, { fees_description: 'free', phones: [{ id: stableUuid('p1') }] })
      delete (broken.locations[withAddress]!.addresses![0] as Partial<{ country: string }>).country
      const paths = validateAgainstHsdsSchema(broken, { schemaDir }).map((p) => p.path)
      expect(paths).toContain('services.0.phones.0.number')
      expect(paths).toContain(`locations.${withAddress}.addresses.0.country`)
      expect(paths).not.toContain('services.0.fees_description')
      // the import uses the folder it is given and writes nothing
      const report = await importHsds(b.db, pkg, null, now, { schemaDir })
      expect(report.ok).toBe(false)
      expect(report.errors.every((e) => e.schema === PUBLISHED)).toBe(true)
      expect(await b.query('select 1 from dir_facility_details')).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('round trip is lossless: export → import into another database → export gives the same package', async () => {
    const first = await exportHsds(a.db, CITY, DISTRICT)
    const report = await importHsds(b.db, JSON.parse(JSON.stringify(first)), null, now)
    expect(report.errors).toEqual([])
    expect(report.ok).toBe(true)
    const second = await exportHsds(b.db, CITY, DISTRICT)
    expect(second).toEqual(first)
    expect((await placeDetails(b.db, [ids[0]!])).get(ids[0]!)?.accessibility).toEqual({
      stepFree: true,
      hearingLoop: false,
      braille: null,
    })
    // importing the same again changes nothing
    const again = await importHsds(b.db, first, null, now)
    const hist = await b.query<{ place_id: string; fields: unknown }>(
      'select place_id, fields from dir_facility_history where version > 1',
    )
    expect(hist).toEqual([])
    expect(again.updated).toBe(0)
    expect(again.unchanged).toBe(first.locations.length)
  })

  it('the whole demo directory (every seeded facility of the city) exports valid HSDS with every nested object', async () => {
    const city = await exportHsds(a.db, CITY)
    const district = await exportHsds(a.db, CITY, DISTRICT)
    expect(city.locations.length).toBeGreaterThan(district.locations.length)
    expect(validateAgainstHsdsSchema(city)).toEqual([])
    expect(HsdsPackage.safeParse(city).success).toBe(true)
    // the edited facility carries every nested object we export, so each of their schemas is exercised
    const l = city.locations.find((x) => x.external_identifier === ids[0])!
    for (const key of ['accessibility', 'addresses', 'languages', 'phones', 'schedules'] as const)
      expect(l[key]?.length, key).toBeGreaterThan(0)
    // and a broken nested object anywhere in the city is found (not only in the first district)
    const broken = JSON.parse(JSON.stringify(city)) as { locations: { schedules?: { wkst?: string }[] }[] }
    const last = broken.locations.findLastIndex((x) => (x.schedules?.length ?? 0) > 0)
    if (last >= 0) {
      broken.locations[last]!.schedules![0]!.wkst = 'MO'
      expect(validateAgainstHsdsSchema(broken).map((p) => p.path)).toEqual([
        `locations.${last}.schedules.0.wkst`,
      ])
    }
  })

  it('reads and checks the arrays under the published file names (addresss, accessibilitys)', async () => {
    const location = {
      id: stableUuid('elsewhere:published-names'),
      location_type: 'physical',
      name: '발행 이름 배움터',
      latitude: 37.56,
      longitude: 126.97,
      external_identifier: 'other-system-2',
      addresss: [
        {
          id: stableUuid('elsewhere:published-names:address'),
          address_1: '세종대로 110',
          city: '서울특별시',
          state_province: '중구',
          postal_code: '04524',
          address_type: 'physical',
        },
      ],
      accessibilitys: [{ id: stableUuid('elsewhere:published-names:a'), description: 'Step-free entrance' }],
    }
    // the address has no country: found under the published name too, and nothing is written
    const bad = await importHsds(b.db, { locations: [location] }, null, now)
    expect(bad.ok).toBe(false)
    expect(bad.errors.map((e) => e.path)).toContain('locations.0.addresss.0.country')
    expect(await b.query("select 1 from places where id = 'other-system-2'")).toEqual([])
    location.addresss[0] = { ...location.addresss[0]!, country: 'KR' } as (typeof location.addresss)[0]
    expect(validateAgainstHsdsSchema({ locations: [location] })).toEqual([])
    const ok = await importHsds(b.db, { locations: [location] }, null, now)
    expect(ok).toMatchObject({ ok: true, created: 1 })
    const [place] = await b.query<{ address: string }>(
      "select address from places where id = 'other-system-2'",
    )
    expect(place?.address).toBe('세종대로 110')
    expect((await placeDetails(b.db, ['other-system-2'])).get('other-system-2')?.accessibility.stepFree).toBe(
      true,
    )
  })

  it('creates a place it does not know; reads plain HSDS without the extension', async () => {
    const report = await importHsds(
      b.db,
      {
        locations: [
          {
            id: stableUuid('elsewhere:1'),
            location_type: 'physical',
            name: '새 배움터',
            latitude: 37.57,
            longitude: 126.98,
            external_identifier: 'other-system-1',
            languages: [{ id: stableUuid('elsewhere:lang'), code: 'ko' }],
            schedules: [
              {
                id: stableUuid('elsewhere:s'),
                freq: 'WEEKLY',
                byday: 'MO,WE',
                opens_at: '10:00:00',
                closes_at: '16:00:00',
              },
            ],
            accessibility: [{ id: stableUuid('elsewhere:a'), description: 'Wheelchair accessible entrance' }],
            phones: [{ id: stableUuid('elsewhere:p'), number: '02-555-0000' }],
          },
        ],
      },
      null,
      now,
    )
    expect(report).toMatchObject({ ok: true, created: 1 })
    const d = (await placeDetails(b.db, ['other-system-1'])).get('other-system-1')!
    expect(d.hours.map((h) => `${h.day}${h.opens}`)).toEqual(['MO10:00', 'WE10:00'])
    expect(d.accessibility.stepFree).toBe(true)
    expect(d.contact.phone).toBe('02-555-0000')
  })

  it('a validation report names every problem and nothing is written', async () => {
    const report = await importHsds(
      b.db,
      {
        locations: [
          { id: 'not-a-uuid', location_type: 'boat', latitude: 37, longitude: 127 },
          {
            id: stableUuid('x'),
            location_type: 'physical',
            schedules: [{ id: stableUuid('y'), byday: 'MONDAY' }],
          },
        ],
      },
      null,
      now,
    )
    expect(report.ok).toBe(false)
    const paths = report.errors.map((e) => e.path)
    expect(paths).toContain('locations.0.id')
    expect(paths).toContain('locations.0.location_type')
    expect(paths).toContain('locations.1.schedules.0.byday')
    expect((await importHsds(b.db, 'nonsense', null, now)).ok).toBe(false)
  })
})

describe('CSV bulk update', () => {
  const header = 'place_id,hours,step_free,hearing_loop,braille,languages,services,phone,email,website'
  it('updates every row with history, or none when one row is wrong', async () => {
    const good = `${header}\n${ids[1]},MO 09:00-18:00; TU 09:00-18:00,yes,yes,,ko en,classes,02-111-2222,,\n${ids[2]},,no,,,ko,,,,`
    const r = await importCsv(a.db, good, manager.id, now)
    expect(r).toMatchObject({ ok: true, updated: 2 })
    expect((await placeDetails(a.db, [ids[1]!])).get(ids[1]!)).toMatchObject({
      accessibility: { stepFree: true, hearingLoop: true, braille: null },
      languages: ['ko', 'en'],
    })
    expect((await facilityHistory(a.db, manager.actor, ids[1]!))[0]?.source).toBe('csv_import')
    const bad = `${header}\n${ids[1]},MO 09:00-18:00,maybe,,,ko,,,,\n${ids[2]},,,,,ko,,,,\nnope,,,,,ko,,,,`
    const r2 = await importCsv(a.db, bad, manager.id, now)
    expect(r2.ok).toBe(false)
    expect(r2.errors.map((e) => e.path)).toContain('row 2.step_free')
    expect((await placeDetails(a.db, [ids[2]!])).get(ids[2]!)?.accessibility.stepFree).toBe(false)
    const unknown = await importCsv(a.db, `${header}\nnope,,,,,ko,,,,`, manager.id, now)
    expect(unknown.errors).toEqual([{ path: 'row 2.place_id', message: 'no such place' }])
    expect((await importCsv(a.db, 'a,b\n1,2', manager.id, now)).errors[0]?.path).toBe('header')
  })
})
