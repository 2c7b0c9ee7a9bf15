/**
 * Crash safety (issue #10): the real server process is killed with SIGKILL in the middle of a write storm —
 * enrolments (citizen sessions), donation receipts and device transitions (staff token), all through the
 * HTTP API — CRASH_CYCLES times on PGlite (on disk) and on PostgreSQL (when DATABASE_URL is set). After each
 * kill the database is opened again and checked: every write the server acknowledged is there, no session is
 * oversold (enrolled = seat counter ≤ capacity), receipt numbers are gap-free and match their counter, and
 * every device has one status, the last step of an unbroken event chain.
 *
 *   CRASH_CYCLES=20 npm run test:long -- crash
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Engine, LONG_PG_URL, type LongFixture, makeFixture } from './fixtures.ts'
import { type Server, startServer, stopServer } from './server.ts'

const CYCLES = Number(process.env.CRASH_CYCLES ?? 20)
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 8)
const SEATS = 6

/** A small deterministic random generator (the same kills on every run). */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const NEXT: Record<string, string> = { received: 'wiping', wiping: 'wipe_failed', wipe_failed: 'wiping' }

interface Acks {
  enrolments: Map<string, { status: string; sessionId: string }>
  receipts: Set<string>
  transitions: Map<string, number>
}

async function storm(
  f: LongFixture,
  server: Server,
  cycle: number,
  acks: Acks,
  state: { nextCitizen: number; deviceStatus: Map<string, string>; dropped: number },
  killAfter: number,
) {
  const sessionId = f.sessions[cycle % f.sessions.length]!.id
  let acked = 0
  let killed = false
  const kill = () => {
    if (killed) return
    killed = true
    server.child.kill('SIGKILL')
  }
  const auth = { authorization: `Bearer ${f.token}`, 'content-type': 'application/json' }
  const ack = () => {
    acked++
    if (acked >= killAfter) kill()
  }
  const client = async (c: number) => {
    let n = 0
    const myDevices = f.deviceIds.filter((_, i) => i % CLIENTS === c)
    while (!killed) {
      const op = (n++ + c) % 3
      try {
        if (op === 0 && state.nextCitizen < f.citizens.length) {
          const sid = f.citizens[state.nextCitizen++]!
          const res = await fetch(`${server.base}/api/v1/sessions/${sessionId}/enrolments`, {
            method: 'POST',
            headers: {
              cookie: `gachi_sid=${sid}; gachi_csrf=long`,
              'x-csrf-token': 'long',
              origin: server.base,
              'content-type': 'application/json',
              'idempotency-key': `enrol-${sid.slice(0, 16)}`,
            },
            body: '{}',
          })
          const body = (await res.json()) as { id: string; status: string; sessionId: string }
          if (res.status === 201 || res.status === 200) {
            acks.enrolments.set(body.id, { status: body.status, sessionId: body.sessionId })
            ack()
          } else throw new Error(`enrolment answered ${res.status}: ${JSON.stringify(body)}`)
        } else if (op === 1) {
          const res = await fetch(`${server.base}/api/v1/receipts`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({
              donorId: f.donorId,
              kind: 'money',
              amountKrw: 10_000,
              idempotencyKey: `r-${cycle}-${c}-${n}`,
            }),
          })
          const body = (await res.json()) as { id: string }
          if (res.status !== 201) throw new Error(`receipt answered ${res.status}: ${JSON.stringify(body)}`)
          acks.receipts.add(body.id)
          ack()
        } else {
          const id = myDevices[n % myDevices.length]!
          const from = state.deviceStatus.get(id) ?? 'received'
          const res = await fetch(`${server.base}/api/v1/devices/${id}/transitions`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify(
              NEXT[from] === 'wipe_failed'
                ? { to: 'wipe_failed', wipeMethod: 'clear', wipeTool: 'nwipe', verifierName: '검증자' }
                : { to: NEXT[from] },
            ),
          })
          const body = (await res.json()) as { status: string }
          if (res.status === 200) {
            state.deviceStatus.set(id, body.status)
            acks.transitions.set(id, (acks.transitions.get(id) ?? 0) + 1)
            ack()
          } else if (res.status === 409) {
            // a step that committed without its answer reaching us (the previous kill): read where it is
            const now = await fetch(`${server.base}/api/v1/devices/${id}`, { headers: auth })
            state.deviceStatus.set(id, ((await now.json()) as { status: string }).status)
          } else throw new Error(`transition answered ${res.status}: ${JSON.stringify(body)}`)
        }
      } catch (e) {
        if (killed) return // the answer was lost with the server: not acknowledged
        if (e instanceof TypeError && server.child.exitCode === null && server.child.signalCode === null) {
          // a connection dropped while the server runs (e.g. a keep-alive socket closed as it was reused):
          // the request is simply not acknowledged; the server's own death is a failure below
          state.dropped++
          continue
        }
        kill()
        await server.exited
        throw new Error(`${(e as Error).message}\nserver output:\n${server.output().slice(-3000)}`)
      }
    }
  }
  const watchdog = setTimeout(kill, 20_000)
  try {
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)))
  } finally {
    clearTimeout(watchdog)
    kill()
    await server.exited
  }
}

async function check(f: LongFixture, acks: Acks) {
  const database = await f.open()
  try {
    const q = database.query.bind(database)
    const enrolled = await q<{ id: string; status: string; session_id: string }>(
      'select id, status, session_id from edu_enrolments',
    )
    const byId = new Map(enrolled.map((e) => [e.id, e]))
    for (const [id, a] of acks.enrolments) {
      expect(byId.get(id), `acknowledged enrolment ${id}`).toBeTruthy()
      expect(byId.get(id)!.status).toBe(a.status)
    }
    const seats = await q<{ id: string; capacity: number; enrolled: number; taken: number }>(
      `select s.id, s.capacity, s.taken,
              (select count(*) from edu_enrolments e where e.session_id = s.id and e.status = 'enrolled')::int as enrolled
         from edu_sessions s`,
    )
    for (const s of seats) {
      expect(s.enrolled, `session ${s.id} oversold`).toBeLessThanOrEqual(s.capacity)
      expect(s.enrolled, `session ${s.id} seat counter`).toBe(s.taken)
    }
    const dup = await q<{ n: number }>(
      'select count(*)::int as n from (select session_id, person_id from edu_enrolments group by 1, 2 having count(*) > 1) d',
    )
    expect(dup[0]!.n, 'a person enrolled twice in one session').toBe(0)

    const receipts = await q<{ id: string; issuer: string; year: number; number: number }>(
      'select id, issuer, year, number from device_receipts',
    )
    const receiptIds = new Set(receipts.map((r) => r.id))
    for (const id of acks.receipts) expect(receiptIds.has(id), `acknowledged receipt ${id}`).toBe(true)
    const counters = await q<{ issuer: string; year: number; last: number }>(
      'select issuer, year, last from device_receipt_counters',
    )
    for (const c of counters) {
      const numbers = [
        ...new Set(receipts.filter((r) => r.issuer === c.issuer && r.year === c.year).map((r) => r.number)),
      ].sort((a, b) => a - b)
      expect(numbers, `receipt numbers of ${c.issuer} ${c.year} are 1..${c.last}`).toEqual(
        Array.from({ length: c.last }, (_, i) => i + 1),
      )
    }

    const devs = await q<{ id: string; status: string }>('select id, status from devices')
    const events = await q<{ device_id: string; from_status: string | null; to_status: string }>(
      'select device_id, from_status, to_status from device_events order by device_id, id',
    )
    const chain = new Map<string, { from_status: string | null; to_status: string }[]>()
    for (const e of events) chain.set(e.device_id, [...(chain.get(e.device_id) ?? []), e])
    for (const d of devs) {
      const ev = chain.get(d.id) ?? []
      expect(ev.length, `events of device ${d.id}`).toBeGreaterThanOrEqual(
        1 + (acks.transitions.get(d.id) ?? 0),
      )
      for (let i = 1; i < ev.length; i++)
        expect(ev[i]!.from_status, `device ${d.id} event ${i} follows the one before`).toBe(
          ev[i - 1]!.to_status,
        )
      expect(d.status, `device ${d.id} is where its last event put it`).toBe(ev.at(-1)!.to_status)
    }
    return { enrolments: enrolled.length, receipts: receipts.length, events: events.length }
  } finally {
    await database.close()
  }
}

const engines: Engine[] = LONG_PG_URL ? ['pglite', 'postgres'] : ['pglite']

for (const engine of engines) {
  describe(`crash: SIGKILL during a write storm (${engine})`, () => {
    let f: LongFixture
    beforeAll(async () => {
      f = await makeFixture(engine, {
        citizens: CYCLES * 40 + 100,
        sessions: CYCLES,
        capacity: SEATS,
        devices: CLIENTS * 4,
      })
    }, 300_000)
    afterAll(() => f?.dispose())

    it(`keeps every acknowledged write and every invariant through ${CYCLES} kills`, async () => {
      const acks: Acks = { enrolments: new Map(), receipts: new Set(), transitions: new Map() }
      const state = { nextCitizen: 0, deviceStatus: new Map<string, string>(), dropped: 0 }
      const random = rng(engine === 'pglite' ? 10 : 20)
      let last = { enrolments: 0, receipts: 0, events: 0 }
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const t0 = performance.now()
        const server = await startServer(f.env)
        const t1 = performance.now()
        await storm(f, server, cycle, acks, state, 5 + Math.floor(random() * 40))
        const t2 = performance.now()
        last = await check(f, acks)
        if (process.env.CRASH_VERBOSE)
          console.log(
            `cycle ${cycle}: start ${Math.round(t1 - t0)} ms, storm ${Math.round(t2 - t1)} ms, check ${Math.round(performance.now() - t2)} ms`,
          )
      }
      // the storm really wrote: acknowledged writes across all cycles
      expect(acks.enrolments.size + acks.receipts.size).toBeGreaterThan(CYCLES * 3)
      console.log(
        `[crash ${engine}] ${CYCLES} kills; acknowledged ${acks.enrolments.size} enrolments, ${acks.receipts.size} receipts, ` +
          `${[...acks.transitions.values()].reduce((a, b) => a + b, 0)} transitions; stored ${last.enrolments} enrolments, ` +
          `${last.receipts} receipts, ${last.events} device events; ${state.dropped} connections dropped before the kill`,
      )
      // and a clean restart after the last kill still serves
      const server = await startServer(f.env)
      expect((await fetch(`${server.base}/readyz`)).status).toBe(200)
      await stopServer(server)
    }, 900_000)
  })
}
