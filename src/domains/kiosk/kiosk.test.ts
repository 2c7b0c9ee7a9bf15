import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUDGET_BYTES, measureKioskScripts } from '../../../bench/kiosk-size.ts'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { accessLog } from '../../platform/audit/tables.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Database } from '../../platform/db/client.ts'
import { translator } from '../../platform/i18n/index.ts'
import { persons } from '../people/tables.ts'
import { makeStaff } from '../people/test-helpers.ts'
import { shippedScenarios } from './catalogue.ts'
import { controlsOf, goalOf, goalsOf, loadScenario, scenarioJsonSchema } from './format.ts'
import * as repo from './repo.ts'
import type { AttemptInput } from './schema.ts'
import {
  ATTEMPT_LIMITS,
  checkAttemptRate,
  findScenario,
  practiceSummaryFor,
  purgeRateLimits,
  recordAttempts,
  saveAuthored,
  stuckStatistics,
  stuckStepsFor,
  tutorOverview,
} from './service.ts'
import { kioskAttempts, kioskRateLimits } from './tables.ts'

const FAST_FOOD = readFileSync(new URL('./scenarios/fast-food.json', import.meta.url), 'utf8')

const attempt = (over: Partial<AttemptInput> = {}): AttemptInput => ({
  id: randomUUID(),
  scenario: 'fast-food',
  scenarioVersion: 1,
  mode: 'guided',
  completed: true,
  goalMet: null,
  durationMs: 42_000,
  wrongTaps: 2,
  hints: 1,
  timeouts: 0,
  stoppedAt: null,
  steps: [{ screen: 'menu', wrong: 2, hints: 1, timeouts: 0 }],
  startedAt: '2026-11-23T01:00:00.000Z',
  ...over,
})

describe('scenario format', () => {
  it('ships at least seven valid scenarios, each finishable by its own goal, in Korean and English', () => {
    const all = shippedScenarios()
    expect([...all.keys()].sort()).toEqual(
      ['atm', 'cafe', 'cinema', 'civil-document', 'express-bus', 'fast-food', 'hospital'].sort(),
    )
    for (const s of all.values()) {
      for (const sc of s.screens) {
        expect(sc.title.ko && sc.title.en && sc.say.ko && sc.say.en, `${s.id}/${sc.id}`).toBeTruthy()
        for (const c of controlsOf(sc)) expect(c.label.ko && c.label.en).toBeTruthy()
      }
      // walk every goal: each step is a control on the screen reached so far; the walk ends on an end screen
      const screens = new Map(s.screens.map((x) => [x.id, x]))
      for (const goal of goalsOf(s)) {
        let at = s.start
        const state: Record<string, string> = {}
        for (const step of goal.steps) {
          const [sid, cid] = step.split('/')
          expect(sid, `${s.id}/${goal.id}: ${step}`).toBe(at)
          const c = controlsOf(screens.get(at)!).find((x) => x.id === cid)!
          Object.assign(state, c.set ?? {})
          if (c.append) state[c.append.key] = (state[c.append.key] ?? '') + c.append.char
          at = c.to ?? at
        }
        expect(screens.get(at)?.kind, `${s.id}/${goal.id}`).toBe('end')
        // the goal's expected state is what following the goal produces
        for (const [k, v] of Object.entries(goal.expect)) expect(state[k], `${s.id}/${goal.id}: ${k}`).toBe(v)
      }
    }
  })

  it('looks and behaves like the kiosks people meet (the features named in issue #5)', () => {
    const all = shippedScenarios()
    /** Every value each state key can take in a scenario, and its screens by kind/layout. */
    const profile = (id: string) => {
      const s = all.get(id)!
      const values: Record<string, Set<string>> = {}
      for (const sc of s.screens)
        for (const c of controlsOf(sc))
          for (const [k, v] of Object.entries(c.set ?? {})) {
            values[k] ??= new Set()
            values[k].add(v)
          }
      const has = (k: string, ...v: string[]) =>
        expect([...(values[k] ?? [])], `${id}: ${k}`).toEqual(expect.arrayContaining(v))
      const screens = (p: (sc: (typeof s.screens)[number]) => boolean) => s.screens.filter(p)
      return { s, has, screens }
    }
    const ff = profile('fast-food')
    ff.has('where', 'eat-in', 'takeout')
    ff.has('meal', 'set', 'single')
    ff.has('pay', 'card', 'mobile')
    expect(ff.screens((x) => x.kind === 'popup').map((x) => x.id)).toEqual(
      expect.arrayContaining(['upsize', 'points', 'receipt-q']),
    )
    // the upsell costs extra; the card screen tells how to pay
    expect(ff.s.screens.find((x) => x.id === 'upsize')!.controls.some((c) => (c.add?.price ?? 0) > 0)).toBe(
      true,
    )
    expect(ff.s.screens.find((x) => x.id === 'card-insert')!.say.en).toMatch(/chip/i)
    const cafe = profile('cafe')
    expect(cafe.s.screens.flatMap((x) => x.controls).some((c) => c.requires?.length)).toBe(true)
    expect(cafe.screens((x) => x.kind === 'popup').length).toBeGreaterThanOrEqual(2)
    const cinema = profile('cinema')
    cinema.has('ticket', 'adult', 'senior')
    expect(cinema.s.screens.some((x) => x.seats && x.seats.taken.length > 0)).toBe(true)
    expect(Object.keys(cinema.s.goal.expect)).toEqual(expect.arrayContaining(['film', 'time', 'ticket']))
    expect(profile('express-bus').screens((x) => x.layout === 'seats')).toHaveLength(1)
    const atm = profile('atm')
    atm.has('task', 'withdraw', 'transfer', 'deposit', 'balance')
    expect(profile('hospital').screens((x) => x.layout === 'keypad').length).toBeGreaterThanOrEqual(1)
    expect(profile('civil-document').s.summary.en).toMatch(/practice|simulat/i)
    // every scenario ends with a receipt screen
    for (const id of all.keys())
      expect(profile(id).screens((x) => x.kind === 'end').length).toBeGreaterThan(0)
  })

  it('the ATM has its own task card and path for withdrawal, transfer, deposit and balance inquiry', () => {
    const atm = shippedScenarios().get('atm')!
    const goals = goalsOf(atm)
    expect(goals.map((g) => g.expect.task)).toEqual(['withdraw', 'transfer', 'deposit', 'balance'])
    expect(new Set(goals.map((g) => g.task.en)).size).toBe(4)
    expect(goalOf(atm, 'deposit')?.steps).toContain('menu/deposit')
    expect(goalOf(atm, 'balance')?.steps).toContain('menu/balance')
    expect(goalOf(atm, 'nope')).toBeUndefined()
  })

  it('names the line of a problem', () => {
    const broken = FAST_FOOD.replace('"to": "set-choice"', '"to": "nowhere"')
    const r = loadScenario(broken)
    expect(r.ok).toBe(false)
    if (r.ok) return
    const line = broken.split('\n').findIndex((l) => l.includes('"nowhere"')) + 1
    expect(r.problems).toContainEqual(
      expect.objectContaining({ path: 'screens[1].controls[0].to', line, message: 'no screen "nowhere"' }),
    )
    const syntax = loadScenario('{\n  "format": "gachi-kiosk/1",\n  "id": \n}')
    expect(syntax.ok || syntax.problems[0]!.line).toBe(4)
  })

  it('refuses a goal that cannot be followed and a missing translation', () => {
    const s = JSON.parse(FAST_FOOD)
    s.goal.steps = ['welcome/takeout', 'cart/pay']
    delete s.screens[0].title.en
    const r = loadScenario(JSON.stringify(s, null, 2))
    expect(r.ok).toBe(false)
    if (r.ok) return
    const paths = r.problems.map((p) => p.path)
    expect(paths).toContain('screens[0].title.en')
  })

  it('checks further goals like the main one, naming their line', () => {
    const atm = readFileSync(new URL('./scenarios/atm.json', import.meta.url), 'utf8')
    const broken = atm.replace('"d-cash/c30000"', '"d-cash/c99999"')
    const r = loadScenario(broken)
    expect(r.ok).toBe(false)
    if (r.ok) return
    const line = broken.split('\n').findIndex((l) => l.includes('"d-cash/c99999"')) + 1
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        path: 'goals[1].steps[2]',
        line,
        message: 'screen "d-cash" has no control "c99999"',
      }),
    )
    const twice = loadScenario(atm.replace('"id": "balance",\n', '"id": "deposit",\n'))
    expect(twice.ok || twice.problems.map((p) => p.path)).toContain('goals[2].id')
  })

  it('publishes a JSON Schema for the format', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, unknown>; required: string[] }
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['format', 'screens', 'goal']))
    expect(schema.required).toContain('screens')
  })
})

describe('progress, statistics and authoring', () => {
  let database: Database
  beforeAll(async () => {
    database = await freshDb()
  })
  afterAll(() => database.close())

  it('stores an attempt sent twice (offline queue retried) once, through the API', async () => {
    const { app } = testApp(database)
    const a = attempt()
    const send = () =>
      app.request('/api/v1/kiosk/attempts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ attempts: [a, attempt({ scenario: 'no-such-thing' })] }),
      })
    const first = await send()
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ stored: [a.id], linked: false })
    const again = await send()
    expect(await again.json()).toEqual({ stored: [a.id], linked: false })
    const rows = await database.db.select().from(kioskAttempts).where(eq(kioskAttempts.id, a.id))
    expect(rows).toHaveLength(1)
    expect(rows[0]!.personId).toBeNull()
    const bad = await app.request('/api/v1/kiosk/attempts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ attempts: [{ ...a, id: 'not-a-uuid' }] }),
    })
    expect(bad.status).toBe(422)
  })

  it('links attempts to a verified citizen who asks; unlinks on erasure; the tutor sees them (logged)', async () => {
    const db = database.db
    const [p] = await db.insert(persons).values({ name: '김연습', createdChannel: 'web' }).returning()
    const citizen = { kind: 'citizen', personId: p!.id, sessionId: 's' } as const
    const notLinked = await recordAttempts(db, citizen, { attempts: [attempt()], link: false })
    expect(notLinked.linked).toBe(false)
    const a = attempt({ scenario: 'cinema', completed: false, stoppedAt: 'seats' })
    expect(await recordAttempts(db, citizen, { attempts: [a], link: true })).toEqual({
      stored: [a.id],
      linked: true,
    })
    const tutor = await makeStaff(db, 'tutor', null)
    const o = await tutorOverview(db, tutor.actor, { ip: '10.0.0.9', now: new Date() })
    expect(o.learners).toContainEqual(
      expect.objectContaining({ name: '김연습', scenario: 'cinema', attempts: 1 }),
    )
    expect(o.stuck).toContainEqual(
      expect.objectContaining({ scenario: 'cinema', screen: 'seats', stopped: 1 }),
    )
    const logged = await db.select().from(accessLog).where(eq(accessLog.personId, p!.id))
    expect(logged.map((l) => l.action)).toContain('view')

    const helpdesk = await makeStaff(db, 'helpdesk_agent', null)
    await expect(tutorOverview(db, helpdesk.actor, { ip: null, now: new Date() })).rejects.toMatchObject({
      code: 'forbidden',
    })

    await repo.unlinkAttempts(db, p!.id)
    const [row] = await db.select().from(kioskAttempts).where(eq(kioskAttempts.id, a.id))
    expect(row!.personId).toBeNull()
  })

  it('the citizen link also works through the API with a citizen session', async () => {
    const db = database.db
    const [p] = await db.insert(persons).values({ name: '박연결', createdChannel: 'web' }).returning()
    const sid = await createSession(db, { personId: p!.id }, { now: new Date() })
    const { app } = testApp(database)
    const browser = new Browser(app)
    browser.cookies.set('gachi_sid', sid)
    await browser.get('/kiosk')
    const a = attempt()
    const res = await app.request('/api/v1/kiosk/attempts', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `gachi_sid=${sid}; gachi_csrf=${browser.csrf}`,
        'x-csrf-token': browser.csrf,
        origin: 'http://localhost',
        host: 'localhost',
      },
      body: JSON.stringify({ attempts: [a], link: true }),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ stored: [a.id], linked: true })
    const me = await browser.get('/me')
    expect(await me.text()).toContain('키오스크 연습 기록')
  })

  it('summarises a class for education: per person and scenario, and stuck steps with small cells withheld', async () => {
    const db = database.db
    const people = await db
      .insert(persons)
      .values(['가', '나', '다', '라'].map((n) => ({ name: `반${n}`, createdChannel: 'web' as const })))
      .returning()
    const [a, b, c, d] = people.map((p) => ({ kind: 'citizen', personId: p.id, sessionId: 's' }) as const)
    const stuckOnPin = {
      scenario: 'hospital',
      steps: [{ screen: 'number', wrong: 1, hints: 0, timeouts: 0 }],
    }
    await recordAttempts(db, a!, {
      attempts: [
        attempt({
          ...stuckOnPin,
          durationMs: 50_000,
          wrongTaps: 1,
          hints: 0,
          startedAt: '2026-11-20T01:00:00.000Z',
        }),
        attempt({
          ...stuckOnPin,
          durationMs: 30_000,
          wrongTaps: 2,
          hints: 1,
          startedAt: '2026-11-21T01:00:00.000Z',
        }),
        attempt({
          scenario: 'hospital',
          completed: false,
          stoppedAt: 'consent',
          durationMs: 9_000,
          startedAt: '2026-11-22T01:00:00.000Z',
        }),
      ],
      link: true,
    })
    await recordAttempts(db, b!, { attempts: [attempt(stuckOnPin)], link: true })
    await recordAttempts(db, c!, {
      attempts: [
        attempt({ scenario: 'hospital', steps: [{ screen: 'number', wrong: 0, hints: 2, timeouts: 0 }] }),
      ],
      link: true,
    })
    // not linked: not counted for the class
    await recordAttempts(db, d!, { attempts: [attempt(stuckOnPin)], link: false })

    const ids = people.map((p) => p.id)
    const summary = await practiceSummaryFor(db, ids)
    expect(summary.filter((r) => r.scenario === 'hospital')).toHaveLength(3)
    expect(summary.find((r) => r.personId === a!.personId)).toEqual({
      personId: a!.personId,
      scenario: 'hospital',
      scenarioTitle: shippedScenarios().get('hospital')!.title,
      attempts: 3,
      completed: 2,
      bestMs: 30_000,
      wrongTaps: 1 + 2 + 2,
      hints: 0 + 1 + 1,
      lastPractisedAt: new Date('2026-11-22T01:00:00.000Z'),
    })
    expect(summary.some((r) => r.personId === d!.personId)).toBe(false)
    expect(await practiceSummaryFor(db, [])).toEqual([])
    expect(await practiceSummaryFor(db, ['not-a-uuid'])).toEqual([])

    const stuck = await stuckStepsFor(db, ids)
    expect(stuck.find((r) => r.scenario === 'hospital' && r.screen === 'number')).toMatchObject({
      people: 3,
      practised: 3,
      suppressed: false,
      screenTitle: shippedScenarios()
        .get('hospital')!
        .screens.find((x) => x.id === 'number')!.title,
    })
    // only one person stopped on "consent": withheld
    expect(stuck.find((r) => r.scenario === 'hospital' && r.screen === 'consent')).toMatchObject({
      people: null,
      suppressed: true,
    })
    // two of the class: still withheld
    const two = await stuckStepsFor(db, [a!.personId, b!.personId])
    expect(two.find((r) => r.screen === 'number')).toMatchObject({
      people: null,
      suppressed: true,
      practised: 2,
    })
  })

  it('withholds stuck statistics from fewer than five attempts', async () => {
    const db = database.db
    const analyst = await makeStaff(db, 'analyst', null)
    const atm = (n: number) =>
      Array.from({ length: n }, () =>
        attempt({ scenario: 'atm', steps: [{ screen: 'pin', wrong: 3, hints: 1, timeouts: 1 }] }),
      )
    await recordAttempts(db, { kind: 'anonymous' }, { attempts: atm(4), link: false })
    let pin = (await stuckStatistics(db, analyst.actor)).find(
      (r) => r.scenario === 'atm' && r.screen === 'pin',
    )
    expect(pin).toEqual({ scenario: 'atm', screen: 'pin', suppressed: true })
    await recordAttempts(db, { kind: 'anonymous' }, { attempts: atm(1), link: false })
    pin = (await stuckStatistics(db, analyst.actor)).find((r) => r.scenario === 'atm' && r.screen === 'pin')
    expect(pin).toMatchObject({ attempts: 5, wrong: 15, hints: 5, timeouts: 5, suppressed: false })
  })

  it('a tutor writes a scenario, sees the problems with their lines, publishes it, and it is playable', async () => {
    const db = database.db
    const tutor = await makeStaff(db, 'tutor', null)
    const source = JSON.stringify({ ...JSON.parse(FAST_FOOD), id: 'corner-burger', version: 1 }, null, 2)
    const broken = source.replace('"start": "welcome"', '"start": "nowhere"')
    const bad = await saveAuthored(db, tutor.actor, null, { source: broken, action: 'publish' }, new Date())
    const startLine = broken.split('\n').findIndex((l) => l.includes('"start": "nowhere"')) + 1
    expect(bad).toMatchObject({ ok: false, problems: [{ path: 'start', line: startLine }] })
    const shipped = await saveAuthored(
      db,
      tutor.actor,
      null,
      { source: FAST_FOOD, action: 'save' },
      new Date(),
    )
    expect(shipped.ok).toBe(false)

    expect(await saveAuthored(db, tutor.actor, null, { source, action: 'save' }, new Date())).toEqual({
      ok: true,
      slug: 'corner-burger',
      published: false,
    })
    expect(await findScenario(db, 'corner-burger')).toBeUndefined()
    await saveAuthored(db, tutor.actor, 'corner-burger', { source, action: 'publish' }, new Date())
    expect((await findScenario(db, 'corner-burger'))?.version).toBe(1)
    await saveAuthored(db, tutor.actor, 'corner-burger', { source, action: 'publish' }, new Date())
    expect((await findScenario(db, 'corner-burger'))?.version).toBe(2)

    const centre = await makeStaff(db, 'centre_worker', null)
    await expect(
      saveAuthored(db, centre.actor, null, { source, action: 'save' }, new Date()),
    ).rejects.toMatchObject({
      code: 'forbidden',
    })
  })

  it('pages: the list, a scenario with its steps in words, 404, and the editor round trip', async () => {
    const { app } = testApp(database)
    const b = new Browser(app, { 'accept-language': 'en' })
    const list = await b.get('/kiosk')
    expect(list.status).toBe(200)
    const html = await list.text()
    expect(html).toContain('Ordering at a burger restaurant')
    expect(html).toContain('href="/kiosk/civil-document"')
    const play = await b.get('/kiosk/fast-food?mode=challenge')
    const page = await play.text()
    expect(page).toContain('data-mode="challenge"')
    expect(page).toContain('On the ‘Burgers’ screen, press ‘Bulgogi burger’')
    const deposit = await (await b.get('/kiosk/atm?mode=challenge&goal=deposit')).text()
    expect(deposit).toContain('data-goal="deposit"')
    expect(deposit).toContain('Put ₩30,000 into your account')
    expect(deposit).toContain('name="goal"')
    expect((await b.get('/kiosk/atm?goal=nope')).status).toBe(404)
    expect((await b.get('/kiosk/nope')).status).toBe(404)
    expect((await b.get('/kiosk/fast-food?mode=fast')).status).toBe(422)

    const tutor = await makeStaff(database.db, 'tutor', null)
    const staff = new Browser(app, { 'accept-language': 'en' })
    staff.cookies.set('gachi_sid', tutor.sid)
    const editor = await staff.get('/staff/kiosk/scenarios/new?from=cafe')
    expect(editor.status).toBe(200)
    expect(await editor.text()).toContain('my-cafe')
    const source = JSON.stringify({ ...JSON.parse(FAST_FOOD), id: 'page-burger' })
    const wrong = await staff.post('/staff/kiosk/scenarios/new', { source: '{ "format": 1', action: 'save' })
    expect(wrong.status).toBe(422)
    expect(await wrong.text()).toContain('not valid JSON')
    const nowhere = JSON.stringify(JSON.parse(FAST_FOOD), null, 2).replace(
      '"start": "welcome"',
      '"start": "nowhere"',
    )
    const lined = await staff.post('/staff/kiosk/scenarios/new', { source: nowhere, action: 'save' })
    expect(lined.status).toBe(422)
    const at = nowhere.split('\n').findIndex((l) => l.includes('"start": "nowhere"')) + 1
    expect(await lined.text()).toContain(`line ${at}`)
    const saved = await staff.post('/staff/kiosk/scenarios/new', { source, action: 'publish' })
    expect(saved.status).toBe(303)
    expect(saved.headers.get('location')).toBe('/staff/kiosk/scenarios/page-burger?saved=published')
    expect((await b.get('/kiosk/page-burger')).status).toBe(200)
    expect((await b.get('/api/v1/kiosk/scenarios/page-burger')).status).toBe(200)
    const overview = await staff.get('/staff/kiosk')
    expect(overview.status).toBe(200)
    expect((await staff.get('/staff/kiosk/stats')).status).toBe(200)
    const sw = await b.get('/api/v1/kiosk/sw.js')
    expect(sw.headers.get('service-worker-allowed')).toBe('/kiosk')
  })

  it('weight: the scenario is loaded on demand, and the scripts a learner downloads stay within 60 KB gzipped', async () => {
    const { app } = testApp(database)
    const html = await (await new Browser(app).get('/kiosk/cinema')).text()
    const s = shippedScenarios().get('cinema')!
    // the document only points at the scenario; its screens arrive with the island's request
    expect(html).toContain('data-scenario-url="/api/v1/kiosk/scenarios/cinema"')
    for (const sc of s.screens) expect(html).not.toContain(sc.say.ko)
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1])
    const measured = measureKioskScripts()
    // every script on the page (plus the service worker) is in what the bench measures
    for (const src of scripts)
      expect(measured.files.map((f) => `/${f.file.replace('src/ui/', '')}`)).toContain(src)
    expect(measured.gzipped).toBeLessThanOrEqual(BUDGET_BYTES)
  })
})

describe('rate limits on the public attempts endpoint', () => {
  let database: Database
  beforeAll(async () => {
    database = await freshDb()
  })
  afterAll(() => database.close())

  const post = (
    app: ReturnType<typeof testApp>['app'],
    ip: string,
    body: Record<string, unknown>,
    lang = 'en',
  ) =>
    app.request(
      '/api/v1/kiosk/attempts',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': lang },
        body: JSON.stringify(body),
      },
      { incoming: { socket: { remoteAddress: ip } } },
    )
  const batch = (n: number) => Array.from({ length: n }, () => attempt())

  it('limits one device id: 429 with Retry-After and a message in Korean and English; a new window lets it send again', async () => {
    const clock = new TestClock(new Date('2026-11-23T01:00:00Z'))
    const { app } = testApp(database, { clock })
    const device = randomUUID()
    const ip = '198.51.100.20'
    for (let i = 0; i < ATTEMPT_LIMITS.perDevice / 50; i++) {
      const ok = await post(app, ip, { attempts: batch(50), device })
      expect(ok.status).toBe(200)
    }
    clock.advance(4 * 60_000)
    const refused = await post(app, ip, { attempts: batch(1), device })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe(String(6 * 60))
    const en = translator('en')
    expect((await refused.json()).error).toMatchObject({
      code: 'too_many_requests',
      message: en('kiosk.tooMany', { minutes: 6 }),
    })
    const ko = await post(app, ip, { attempts: batch(1), device }, 'ko')
    expect(ko.status).toBe(429)
    expect((await ko.json()).error.message).toBe(translator('ko')('kiosk.tooMany', { minutes: 6 }))

    // another device at the same address is not held back by this one
    expect((await post(app, ip, { attempts: batch(1), device: randomUUID() })).status).toBe(200)
    // the refused attempt was not stored; after the window it is
    const later = attempt()
    clock.advance(6 * 60_000)
    const again = await post(app, ip, { attempts: [later], device })
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ stored: [later.id], linked: false })
  })

  it('limits one address across devices, and keeps only keyed hashes', async () => {
    const clock = new TestClock(new Date('2026-11-23T03:00:00Z'))
    const { app } = testApp(database, { clock })
    const ip = '203.0.113.77'
    await checkAttemptRate(database.db, { ip, device: null }, ATTEMPT_LIMITS.perIp, clock.now())
    await expect(checkAttemptRate(database.db, { ip, device: null }, 1, clock.now())).rejects.toMatchObject({
      code: 'too_many_requests',
      params: { seconds: 600, minutes: 10 },
    })
    const res = await post(app, ip, { attempts: batch(1), device: randomUUID() })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBe(600)
    // without a device id the address limit still applies
    expect((await post(app, ip, { attempts: batch(1) })).status).toBe(429)
    expect((await post(app, '203.0.113.78', { attempts: batch(1) })).status).toBe(200)

    const keys = (await database.db.select().from(kioskRateLimits)).map((r) => r.keyHash)
    expect(keys.length).toBeGreaterThan(0)
    expect(keys.every((k) => /^(ip|device):[\w-]{20,}$/.test(k) && !k.includes('203.0.113'))).toBe(true)

    // the daily purge removes counters of ended windows only
    await checkAttemptRate(
      database.db,
      { ip: '192.0.2.1', device: null },
      1,
      new Date('2026-11-23T05:00:00Z'),
    )
    expect(await purgeRateLimits(database.db, new Date('2026-11-23T05:05:00Z'))).toBe(keys.length)
    expect((await database.db.select().from(kioskRateLimits)).map((r) => r.keyHash)).toHaveLength(1)
  })
})
