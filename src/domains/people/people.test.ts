import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { verifyAccessLog } from '../../platform/audit/access-log.ts'
import { accessLog, auditTrail } from '../../platform/audit/tables.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { createSession } from '../../platform/auth/session.ts'
import { keyring, keyringFromConfig, parseDataKeys, useKeyring } from '../../platform/crypto/fields.ts'
import type { Database } from '../../platform/db/client.ts'
import { registerPersonHooks } from './hooks.ts'
import { canSeePerson } from './policy.ts'
import * as repo from './repo.ts'
import { runRetention } from './retention.ts'
import { rotateKeys } from './rotation.ts'
import { PeopleSearch, RegisterPerson } from './schema.ts'
import {
  grantSensitiveConsent,
  mergePersons,
  registerPerson,
  requestOwnErasure,
  searchPeople,
  startVerification,
  viewPerson,
} from './service.ts'
import { erasureRequests, persons, proxyActions, retentionRuns, verificationChallenges } from './tables.ts'
import { makeOrg, makeStaff, meta } from './test-helpers.ts'

let database: Database | null = null
afterEach(async () => {
  await database?.close()
  database = null
})

const input = (over: Record<string, unknown> = {}) =>
  RegisterPerson.parse({
    name: '최말순',
    birthDate: '1944-05-20',
    phone: '010-3333-4444',
    channel: 'phone',
    relationship: 'social_worker',
    consentGiven: 'yes',
    consentMethod: 'verbal',
    ...over,
  })

describe('people: proxy registration and object-level access', () => {
  it('records the proxy action with channel, actor, relationship and consent; a second registration finds the same person', async () => {
    database = await freshDb()
    const db = database.db
    const org = await makeOrg(db)
    const agent = await makeStaff(db, 'helpdesk_agent', org.id)
    const r1 = await registerPerson(db, agent.actor, input({ address: '종로구 사직로 1' }), meta())
    expect(r1.created).toBe(true)
    const r2 = await registerPerson(
      db,
      agent.actor,
      input({ name: ' 최말순 ', channel: 'walk_in', consentMethod: 'in_person' }),
      meta(),
    )
    expect(r2).toEqual({ personId: r1.personId, created: false })
    const proxies = await db.select().from(proxyActions).where(eq(proxyActions.personId, r1.personId))
    expect(proxies).toHaveLength(2)
    expect(proxies.map((p) => p.channel).sort()).toEqual(['phone', 'walk_in'])
    expect(proxies[0]).toMatchObject({
      actedBy: agent.id,
      orgId: org.id,
      relationship: 'social_worker',
      consentGiven: true,
    })
    const [row] = await db.select().from(persons)
    expect(row!.addressEnc).not.toContain('사직로')
    await expect(
      registerPerson(
        db,
        agent.actor,
        input({ consentGiven: 'no', consentMethod: 'not_obtained', phone: '010-1111-0000' }),
        meta(),
      ),
    ).rejects.toMatchObject({ code: 'validation' })
    expect(await verifyAccessLog(db)).toMatchObject({ ok: true, count: 2 })
  })

  it('a centre worker sees only their centre’s people; changing the id in the URL reveals nothing', async () => {
    database = await freshDb()
    const db = database.db
    const [a, b] = [await makeOrg(db, 'A 센터'), await makeOrg(db, 'B 센터')]
    const workerA = await makeStaff(db, 'centre_worker', a.id)
    const workerB = await makeStaff(db, 'centre_worker', b.id)
    const admin = await makeStaff(db, 'admin', null)
    const { personId } = await registerPerson(db, workerA.actor, input(), meta())
    const { app } = testApp(database)

    const asA = new Browser(app)
    asA.cookies.set('gachi_sid', workerA.sid)
    const asB = new Browser(app)
    asB.cookies.set('gachi_sid', workerB.sid)
    expect((await asA.get(`/staff/people/${personId}`)).status).toBe(200)
    const denied = await asB.get(`/staff/people/${personId}`)
    expect(denied.status).toBe(404)
    expect(await denied.text()).not.toContain('최말순')
    const api = await app.request(`/api/v1/people/${personId}`, {
      headers: { cookie: `gachi_sid=${workerB.sid}` },
    })
    expect(api.status).toBe(404)
    expect((await asB.post(`/staff/people/${personId}/erase`, {})).status).toBe(404)
    const search = await asB.get('/staff/people?q=%EC%B5%9C')
    expect(await search.text()).not.toContain('최말순')
    expect(await searchPeople(db, workerB.actor, PeopleSearch.parse({ q: '최말순' }), meta())).toEqual([])
    expect(await searchPeople(db, workerA.actor, PeopleSearch.parse({ q: '말순' }), meta())).toHaveLength(1)
    expect(
      await searchPeople(db, admin.actor, PeopleSearch.parse({ phone: '01033334444' }), meta()),
    ).toHaveLength(1)
    // B registers the same person (they know every detail): now B's centre may see them too
    await registerPerson(db, workerB.actor, input({ channel: 'walk_in', consentMethod: 'in_person' }), meta())
    expect((await asB.get(`/staff/people/${personId}`)).status).toBe(200)
    // roles without the permission get 403, anonymous visitors are sent to sign in
    const guide = await makeStaff(db, 'digital_guide', a.id)
    const asGuide = new Browser(app)
    asGuide.cookies.set('gachi_sid', guide.sid)
    expect((await asGuide.get(`/staff/people/${personId}`)).status).toBe(403)
    expect((await new Browser(app).get(`/staff/people/${personId}`)).status).toBe(303)
    // every view and search result was logged with staff id and subject
    const views = await db.select().from(accessLog).where(eq(accessLog.action, 'view'))
    expect(views.map((v) => v.staffId)).toEqual(expect.arrayContaining([workerA.id, workerB.id]))
    expect(views.every((v) => v.personId === personId)).toBe(true)
    expect((await verifyAccessLog(db)).ok).toBe(true)
  })

  it('a centre worker granted another centre sees its people until the grant is revoked or ends; both are audited', async () => {
    database = await freshDb()
    const db = database.db
    const [a, b] = [await makeOrg(db, 'A 센터'), await makeOrg(db, 'B 센터')]
    const workerA = await makeStaff(db, 'centre_worker', a.id)
    const workerB = await makeStaff(db, 'centre_worker', b.id)
    const admin = await makeStaff(db, 'admin', null)
    const { personId } = await registerPerson(db, workerB.actor, input(), meta())
    const clock = new TestClock(new Date())
    const { app } = testApp(database, { clock })
    const asA = new Browser(app)
    asA.cookies.set('gachi_sid', workerA.sid)
    const asAdmin = new Browser(app)
    asAdmin.cookies.set('gachi_sid', admin.sid)
    expect((await asA.get(`/staff/people/${personId}`)).status).toBe(404)

    // a grant needs a reason; the form says so in the user's language and keeps the answers
    const bad = await asAdmin.post(`/admin/staff/${workerA.id}/grants`, { orgId: b.id, reason: '' })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('사유를 5자 이상')
    // the worker's own organisation is not a grant
    expect(
      (await asAdmin.post(`/admin/staff/${workerA.id}/grants`, { orgId: a.id, reason: '휴가 대신 맡음' }))
        .status,
    ).toBe(422)
    const ok = await asAdmin.post(`/admin/staff/${workerA.id}/grants`, {
      orgId: b.id,
      reason: 'B 센터 직원 휴가 동안 대신 맡음',
      days: '7',
    })
    expect(ok.status).toBe(201)
    // the grant takes effect on the worker's next request: page, API and search
    expect((await asA.get(`/staff/people/${personId}`)).status).toBe(200)
    expect(
      await searchPeople(
        db,
        { ...workerA.actor, grantedOrgIds: [b.id] },
        PeopleSearch.parse({ q: '말순' }),
        meta(),
      ),
    ).toHaveLength(1)
    // a grant of the same organisation twice is refused
    expect(
      (await asAdmin.post(`/admin/staff/${workerA.id}/grants`, { orgId: b.id, reason: '두 번째 허용 시도' }))
        .status,
    ).toBe(409)
    // only admins manage grants
    expect(
      (await asA.post(`/admin/staff/${workerA.id}/grants`, { orgId: b.id, reason: '스스로 허용하기' }))
        .status,
    ).toBe(403)

    // it ends by itself after 7 days
    clock.advance(8 * 86_400_000)
    expect((await asA.get(`/staff/people/${personId}`)).status).not.toBe(200) // session over too; see below
    // fresh sessions at the later time: the expired grant no longer counts
    const later = await makeStaff(db, 'centre_worker', a.id, clock.now())
    const asLater = new Browser(app)
    asLater.cookies.set('gachi_sid', later.sid)
    const admin2 = await makeStaff(db, 'admin', null, clock.now())
    asAdmin.cookies.set('gachi_sid', admin2.sid)
    const asA2 = new Browser(app)
    asA2.cookies.set(
      'gachi_sid',
      await createSession(db, { staffId: workerA.id, stage: 'full' }, { now: clock.now() }),
    )
    expect((await asA2.get(`/staff/people/${personId}`)).status).toBe(404)
    await asAdmin.post(`/admin/staff/${later.id}/grants`, { orgId: b.id, reason: '다른 직원도 잠시 맡음' })
    expect((await asLater.get(`/staff/people/${personId}`)).status).toBe(200)
    const detail = await asAdmin.get(`/admin/staff/${later.id}`)
    const grantId = /grants\/([0-9a-f-]{36})\/revoke/.exec(await detail.text())?.[1]
    expect(grantId).toBeTruthy()
    expect((await asAdmin.post(`/admin/staff/${later.id}/grants/${grantId}/revoke`, {})).status).toBe(200)
    expect((await asLater.get(`/staff/people/${personId}`)).status).toBe(404)
    // a second revoke of the same grant finds nothing live
    expect((await asAdmin.post(`/admin/staff/${later.id}/grants/${grantId}/revoke`, {})).status).toBe(404)

    const trail = await db.select().from(auditTrail).where(eq(auditTrail.entity, 'staff'))
    const grants = trail.filter(
      (t) => t.action === 'permission.granted' && (t.after as { grant?: string })?.grant,
    )
    const revokes = trail.filter(
      (t) => t.action === 'permission.revoked' && (t.before as { grant?: string })?.grant,
    )
    expect(grants).toHaveLength(2)
    expect(revokes).toHaveLength(1)
    expect(grants.map((g) => g.actorId).sort()).toEqual([admin.id, admin2.id].sort())
  })

  it('policy: org scope needs a link to the staff member’s organisation', () => {
    expect(canSeePerson('all', [], [])).toBe(true)
    expect(canSeePerson('org', ['a'], ['a', 'b'])).toBe(true)
    expect(canSeePerson('org', ['c'], ['a'])).toBe(false)
    expect(canSeePerson('org', [], [])).toBe(false)
  })
})

describe('people: merge, consent, erasure, retention, keys', () => {
  it('merges a duplicate: references move, the duplicate keeps no personal data, an audit entry is kept', async () => {
    database = await freshDb()
    const db = database.db
    const org = await makeOrg(db)
    const manager = await makeStaff(db, 'programme_manager', org.id)
    const a = await registerPerson(db, manager.actor, input(), meta())
    const b = await registerPerson(
      db,
      manager.actor,
      input({ phone: '010-5555-6666', address: '노원구 1' }),
      meta(),
    )
    const moved: string[] = []
    const off = registerPersonHooks({
      name: 'test',
      moveReferences: async (_tx, from, into) => void moved.push(`${from}>${into}`),
    })
    try {
      const view = await viewPerson(db, manager.actor, a.personId, meta())
      expect(view.duplicates.map((d) => d.id)).toEqual([b.personId])
      await mergePersons(db, manager.actor, b.personId, a.personId, meta())
    } finally {
      off()
    }
    expect(moved).toEqual([`${b.personId}>${a.personId}`])
    const [from] = await db.select().from(persons).where(eq(persons.id, b.personId))
    expect(from).toMatchObject({ status: 'merged', mergedInto: a.personId, name: null, phoneEnc: null })
    expect(await db.select().from(proxyActions).where(eq(proxyActions.personId, a.personId))).toHaveLength(2)
    const [entry] = await db.select().from(auditTrail).where(eq(auditTrail.action, 'merge'))
    expect(entry).toMatchObject({ actorId: manager.id, entityId: a.personId })
    const centre = await makeStaff(db, 'centre_worker', org.id)
    await expect(mergePersons(db, centre.actor, a.personId, b.personId, meta())).rejects.toMatchObject({
      status: 403,
    })
  })

  it('a citizen revokes a sensitive-data consent; another citizen cannot', async () => {
    database = await freshDb()
    const db = database.db
    const staff = await makeStaff(db, 'helpdesk_agent', null)
    const { personId } = await registerPerson(db, staff.actor, input(), meta())
    const other = await registerPerson(
      db,
      staff.actor,
      input({ name: '다른사람', phone: '010-7777-8888' }),
      meta(),
    )
    const consent = await db.transaction((tx) =>
      grantSensitiveConsent(tx, {
        personId,
        category: 'disability',
        purpose: '보조기기 지원',
        channel: 'phone',
        at: new Date(),
      }),
    )
    const revoked: string[] = []
    const off = registerPersonHooks({
      name: 't',
      sensitiveConsentRevoked: async (_tx, p, c) => void revoked.push(`${p}:${c}`),
    })
    const { app } = testApp(database)
    const citizen = async (id: string) => {
      const b = new Browser(app)
      b.cookies.set('gachi_sid', await createSession(db, { personId: id }, { now: new Date() }))
      return b
    }
    try {
      const intruder = await citizen(other.personId)
      expect((await intruder.post(`/me/consents/${consent.id}/revoke`, {})).status).toBe(404)
      const owner = await citizen(personId)
      const me = await owner.get('/me')
      expect(await me.text()).toContain('장애 정보')
      expect((await owner.post(`/me/consents/${consent.id}/revoke`, {})).status).toBe(303)
    } finally {
      off()
    }
    expect(revoked).toEqual([`${personId}:disability`])
    expect((await repo.consentsOf(db, personId))[0]!.revokedAt).toBeTruthy()
  })

  it('erasure: carried out by the job, keeping only what a legal hold needs', async () => {
    database = await freshDb()
    const db = database.db
    const staff = await makeStaff(db, 'helpdesk_agent', null)
    const held = await registerPerson(db, staff.actor, input({ address: '주소 1' }), meta())
    const free = await registerPerson(
      db,
      staff.actor,
      input({ name: '홍길동', phone: '010-2222-1111' }),
      meta(),
    )
    const now = new Date()
    const erased: string[] = []
    const off = registerPersonHooks({
      name: 'donations (test)',
      retentionHolds: async (_tx, personId) =>
        personId === held.personId
          ? [
              {
                source: 'donations',
                reason: '기부금 영수증 5년 보관(법인세법)',
                until: new Date(now.getTime() + 5 * 365 * 864e5),
                keepName: true,
              },
            ]
          : [],
      erase: async (_tx, personId) => void erased.push(personId),
    })
    try {
      for (const id of [held.personId, free.personId]) {
        const citizen: Actor = { kind: 'citizen', personId: id, sessionId: 'x' }
        const req = await requestOwnErasure(db, citizen, meta(now))
        expect(req.status).toBe('pending')
        expect(req.dueAt.getTime() - now.getTime()).toBe(10 * 864e5)
      }
      const counts = await runRetention(db, now)
      expect(counts.erasure_requests).toBe(2)
    } finally {
      off()
    }
    expect(erased.sort()).toEqual([held.personId, free.personId].sort())
    const [h] = await db.select().from(persons).where(eq(persons.id, held.personId))
    expect(h).toMatchObject({
      status: 'erased',
      name: '최말순',
      phoneEnc: null,
      birthDateEnc: null,
      addressEnc: null,
      phoneHash: null,
    })
    const [f] = await db.select().from(persons).where(eq(persons.id, free.personId))
    expect(f).toMatchObject({ status: 'erased', name: null, phoneEnc: null })
    const reqs = await db.select().from(erasureRequests)
    expect(reqs.every((r) => r.status === 'done')).toBe(true)
    expect(reqs.find((r) => r.personId === held.personId)!.holds![0]).toMatchObject({
      source: 'donations',
      keep: ['name'],
    })
    expect(reqs.find((r) => r.personId === free.personId)!.holds).toEqual([])
  })

  it('the daily retention job destroys expired data and keeps anonymous counts', async () => {
    database = await freshDb()
    const db = database.db
    const clock = new TestClock(new Date())
    const staff = await makeStaff(db, 'helpdesk_agent', null)
    const old = await registerPerson(
      db,
      staff.actor,
      input(),
      meta(new Date(clock.now().getTime() - 4 * 365 * 864e5)),
    )
    await db
      .update(persons)
      .set({ lastActivityAt: new Date(clock.now().getTime() - 4 * 365 * 864e5) })
      .where(eq(persons.id, old.personId))
    const recent = await registerPerson(
      db,
      staff.actor,
      input({ name: '새사람', phone: '010-1212-3434' }),
      meta(clock.now()),
    )
    await startVerification(
      db,
      { name: '김', birthDate: '1950-01-01', phone: '01099990000' },
      { ip: null, now: new Date(clock.now().getTime() - 2 * 864e5) },
    )
    await startVerification(
      db,
      { name: '김', birthDate: '1950-01-01', phone: '01099990001' },
      { ip: null, now: clock.now() },
    )
    // a staff session that ended 40 days ago (with its IP) goes; one that ended yesterday stays
    const { createSession, endSessionsOfStaff } = await import('../../platform/auth/session.ts')
    await createSession(
      db,
      { staffId: staff.actor.id },
      { ip: '198.51.100.7', now: new Date(clock.now().getTime() - 41 * 864e5) },
    )
    await endSessionsOfStaff(db, staff.actor.id, 'sign-out', new Date(clock.now().getTime() - 40 * 864e5))
    await createSession(
      db,
      { staffId: staff.actor.id },
      { ip: '198.51.100.8', now: new Date(clock.now().getTime() - 2 * 864e5) },
    )
    await endSessionsOfStaff(db, staff.actor.id, 'sign-out', new Date(clock.now().getTime() - 864e5))
    const counts = await runRetention(db, clock.now())
    expect(counts).toMatchObject({ verification_codes: 1, persons: 1, erasure_requests: 0 })
    expect(counts.sessions).toBeGreaterThanOrEqual(1)
    expect((await database.query<{ ip: string }>('select ip from sessions')).map((r) => r.ip)).toEqual([
      '198.51.100.8',
    ])
    expect(await db.select().from(verificationChallenges)).toHaveLength(1)
    expect((await repo.findPerson(db, old.personId))!.status).toBe('erased')
    expect((await repo.findPerson(db, recent.personId))!.status).toBe('active')
    const [run] = await db.select().from(retentionRuns)
    expect(run!.counts).toMatchObject({ persons: 1, verification_codes: 1 })
    expect(JSON.stringify(run)).not.toContain('최말순')
  })

  it('rotate-keys re-encrypts every column with the newest key and lookups keep working', async () => {
    database = await freshDb()
    const db = database.db
    const before = keyring()
    const k1 = `k1:${randomBytes(32).toString('base64')}`
    try {
      useKeyring({ keys: parseDataKeys(k1), dev: false })
      const staff = await makeStaff(db, 'admin', null)
      const { personId } = await registerPerson(db, staff.actor, input({ address: '종로구' }), meta())
      await startVerification(
        db,
        { name: '김', birthDate: '1950-01-01', phone: '01099990000' },
        { ip: null, now: new Date() },
      )
      const k2 = `k2:${randomBytes(32).toString('base64')}`
      useKeyring({ keys: parseDataKeys(`${k2},${k1}`), dev: false })
      // mid-rotation: the old hashes still match
      expect((await registerPerson(db, staff.actor, input(), meta())).personId).toBe(personId)
      const r = await rotateKeys(db)
      expect(r).toEqual({ persons: 1, challenges: 1 })
      const rows = await database.query<{ phone_enc: string; birth_date_enc: string; address_enc: string }>(
        'select phone_enc, birth_date_enc, address_enc from persons',
      )
      for (const v of Object.values(rows[0]!)) expect(v.startsWith('v1.k2.')).toBe(true)
      expect((await rotateKeys(db)).persons).toBe(0)
      useKeyring({ keys: parseDataKeys(k2), dev: false }) // the old key is gone
      const view = await viewPerson(db, staff.actor, personId, meta())
      expect(view.person).toMatchObject({ phone: '01033334444', birthDate: '1944-05-20', address: '종로구' })
      expect((await registerPerson(db, staff.actor, input(), meta())).personId).toBe(personId)
    } finally {
      useKeyring(
        before ?? keyringFromConfig({ GACHI_MODE: 'demo', NODE_ENV: 'test', GACHI_DATA_KEYS: undefined }),
      )
    }
  })
})

describe('no resident registration numbers', () => {
  it('no table has a column for one', async () => {
    database = await freshDb()
    const cols = await database.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns where table_schema = 'public'`,
    )
    expect(cols.length).toBeGreaterThan(20)
    const bad = cols.filter((c) => /rrn|resident_reg|jumin|juminbeonho|national_id|ssn/i.test(c.column_name))
    expect(bad).toEqual([])
  })

  it('free text with one is refused with validation.noRrn (with or without hyphen)', () => {
    for (const text of ['500307-2345678', '메모 5003072345678 입니다', '9912315123456', '010101 - 3123456']) {
      const r = RegisterPerson.safeParse({ ...input(), note: text })
      expect(r.success).toBe(false)
      expect(r.error!.issues[0]!.message).toBe('validation.noRrn')
    }
    for (const ok of ['010-1234-5678', '계좌 110-123-456789', '2026-11-23 방문', '5013072345678']) {
      expect(RegisterPerson.safeParse({ ...input(), note: ok }).success).toBe(true)
    }
  })
})
