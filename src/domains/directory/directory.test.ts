import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database } from '../../platform/db/client.ts'
import { makeStaff } from '../people/test-helpers.ts'
import { listPlaces } from '../reference/service.ts'
import { FacilityInput } from './schema.ts'
import { facilityHistory, isOpenAt, placeDetails, updateFacility } from './service.ts'

let database: Database
let manager: Awaited<ReturnType<typeof makeStaff>>
let placeId: string
const now = new Date('2026-12-02T01:00:00Z') // Wednesday 10:00 in Seoul

const input = (over: Record<string, unknown> = {}) =>
  FacilityInput.parse({
    version: '0',
    hours: 'MO 09:00-18:00\nTU 09:00-18:00\nWE 09:00-12:00\nWE 13:00-18:00',
    stepFree: 'yes',
    hearingLoop: 'no',
    braille: 'unknown',
    languages: ['ko', 'en'],
    services: ['device_help', 'classes'],
    phone: '02-120-0000',
    website: 'https://example.org/centre',
    ...over,
  })

beforeAll(async () => {
  database = await freshDb({ reference: true })
  manager = await makeStaff(database.db, 'programme_manager', null, now)
  const places = await listPlaces(database.db, { kind: 'senior_welfare_center', page: 1, perPage: 2 })
  placeId = places.items[0]!.id
})
afterAll(() => database.close())

describe('directory details', () => {
  it('placeDetails: nothing known yet gives an empty entry with the reference phone; unknown ids are left out', async () => {
    const m = await placeDetails(database.db, [placeId, 'no-such-place'])
    expect(m.size).toBe(1)
    expect(m.get(placeId)).toMatchObject({
      hours: [],
      accessibility: { stepFree: null, hearingLoop: null, braille: null },
      languages: ['ko'],
    })
  })

  it('staff edit with version check: history keeps before/after and the changed fields; placeDetails reads it', async () => {
    expect(await updateFacility(database.db, manager.actor, placeId, input(), now)).toBe(true)
    const d = (await placeDetails(database.db, [placeId])).get(placeId)!
    expect(d.accessibility).toEqual({ stepFree: true, hearingLoop: false, braille: null })
    expect(d.hours).toHaveLength(4)
    expect(d.contact).toEqual({ phone: '02-120-0000', website: 'https://example.org/centre' })
    expect(d.services).toEqual(['device_help', 'classes'])
    // stale version refused
    await expect(
      updateFacility(database.db, manager.actor, placeId, input({ braille: 'yes' }), now),
    ).rejects.toMatchObject({
      code: 'conflict',
    })
    await updateFacility(database.db, manager.actor, placeId, input({ version: '1', braille: 'yes' }), now)
    const h = await facilityHistory(database.db, manager.actor, placeId)
    expect(h.map((r) => r.version)).toEqual([2, 1])
    expect(h[0]!.fields).toEqual(['braille'])
    expect(h[0]!.before?.braille).toBeNull()
    expect(h[0]!.after.braille).toBe(true)
  })

  it('refuses bad hours and non-staff', async () => {
    expect(FacilityInput.safeParse({ version: '0', hours: 'MO 18:00-09:00' }).success).toBe(false)
    expect(FacilityInput.safeParse({ version: '0', hours: 'Monday 9-6' }).success).toBe(false)
    await expect(
      updateFacility(database.db, { kind: 'anonymous' }, placeId, input({ version: '2' }), now),
    ).rejects.toMatchObject({ code: 'unauthenticated' })
  })

  it('isOpenAt uses the city time (KST) and split days', () => {
    const hours = input().hours
    expect(isOpenAt(hours, now)).toBe(true) // Wed 10:00
    expect(isOpenAt(hours, new Date('2026-12-02T03:30:00Z'))).toBe(false) // Wed 12:30 lunch
    expect(isOpenAt(hours, new Date('2026-12-03T01:00:00Z'))).toBe(false) // Thursday
  })
})

describe('directory pages', () => {
  it('lists, shows and lets a manager edit with history; bad input is a 4xx in the language; HSDS import report', async () => {
    const { Browser, TestClock, testApp } = await import('../../../test/app.ts')
    const { app } = testApp(database, { clock: new TestClock(now) })
    const anon = new Browser(app, { 'accept-language': 'en' })
    const list = await anon.get('/directory?stepFree=yes')
    expect(list.status).toBe(200)
    const html = await list.text()
    expect(html).toContain(`/directory/${placeId}`)
    // the same filtered list as map points (the list comes first; the map is an island after it)
    expect(html).toContain('data-map=""')
    expect(html).toContain('/api/v1/directory/facilities.geojson?stepFree=yes')
    const geo = await anon.get('/api/v1/directory/facilities.geojson?stepFree=yes')
    expect(geo.headers.get('content-type')).toContain('application/geo+json')
    const fc = (await geo.json()) as {
      features: { id: string; geometry: { coordinates: number[] }; properties: { name: string } }[]
    }
    expect(fc.features.map((f) => f.id)).toEqual([placeId])
    expect(fc.features[0]!.geometry.coordinates).toHaveLength(2)
    const all = (await (await anon.get('/api/v1/directory/facilities.geojson')).json()) as {
      features: unknown[]
    }
    expect(all.features.length).toBeGreaterThan(1)
    const one = await anon.get(`/directory/${placeId}`)
    expect(await one.text()).toContain('Step-free access')
    expect((await anon.get('/directory/no-such')).status).toBe(404)
    const staff = new Browser(app, { 'accept-language': 'en' })
    staff.cookies.set('gachi_sid', manager.sid)
    const bad = await staff.post(`/staff/directory/${placeId}`, {
      version: '2',
      hours: 'Monday 9-6',
      languages: ['ko'],
    })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('Write each line like')
    const ok = await staff.post(`/staff/directory/${placeId}`, {
      version: '2',
      hours: 'FR 10:00-16:00',
      languages: ['ko'],
      stepFree: 'yes',
      hearingLoop: 'yes',
      braille: 'yes',
    })
    expect(ok.status).toBe(303)
    const edit = await (await staff.get(`/staff/directory/${placeId}`)).text()
    expect(edit).toContain('Staff edit')
    const rep = await staff.post('/staff/directory/exchange', {
      format: 'hsds',
      content: '{"locations":[{"id":"x"}]}',
    })
    expect(rep.status).toBe(422)
    expect(await rep.text()).toContain('locations.0.id')
    const api = await app.request(`/api/v1/directory/places?ids=${placeId}`)
    expect(((await api.json()) as { places: unknown[] }).places).toHaveLength(1)
  })
})
