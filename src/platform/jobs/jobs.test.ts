import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { TestClock } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database } from '../db/client.ts'
import { createLogger } from '../log.ts'
import { backoffMs, claimNext, enqueue, enqueueEmail, enqueueSms } from './queue.ts'
import { devTransport, type Transports } from './transports.ts'
import { type JobHandler, messageHandlers, periodOf, type Schedule, Worker } from './worker.ts'

const log = createLogger('silent')
let database: Database

interface JobView {
  id: number
  status: string
  attempts: number
  run_at: Date
  last_error: string | null
  finished_at: Date | null
}

async function job(id: number | null): Promise<JobView> {
  const [j] = await database.query<JobView>(
    'select id::int as id, status, attempts, run_at, last_error, finished_at from jobs where id = $1',
    [id],
  )
  if (!j) throw new Error(`no job ${id}`)
  return j
}

async function count(table: 'jobs' | 'dev_messages'): Promise<number> {
  const [r] = await database.query<{ n: number }>(`select count(*)::int as n from ${table}`)
  return r?.n ?? 0
}

function transports(): Transports {
  return { sms: devTransport(database.db, 'sms'), email: devTransport(database.db, 'email') }
}

function worker(
  handlers: Record<string, JobHandler>,
  clock: TestClock,
  schedules: Schedule[] = [],
  leaseMs?: number,
) {
  return new Worker(database.db, handlers, schedules, transports(), log, clock.now, leaseMs)
}

beforeAll(async () => {
  database = await freshDb()
})

afterAll(async () => {
  await database.close()
})

beforeEach(async () => {
  await database.query('delete from dev_messages')
  await database.query('delete from jobs')
})

describe('outbox', () => {
  it('queues a job only when the transaction that caused it commits', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await enqueueSms(tx, { to: '01012345678', body: 'rolled back', reference: null })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await count('jobs')).toBe(0)

    await database.db.transaction(async (tx) => {
      await enqueueSms(tx, { to: '01012345678', body: 'committed', reference: null })
    })
    expect(await count('jobs')).toBe(1)
  })

  it('ignores a second job with the same dedupe key', async () => {
    const first = await enqueueEmail(
      database.db,
      { to: 'a@example.org', subject: 'Hi', body: 'one', reference: null },
      { dedupeKey: 'welcome:a' },
    )
    const second = await enqueueEmail(
      database.db,
      { to: 'a@example.org', subject: 'Hi', body: 'two', reference: null },
      { dedupeKey: 'welcome:a' },
    )
    expect(first).toBeGreaterThan(0)
    expect(second).toBeNull()
    expect(await count('jobs')).toBe(1)
    // no key: never deduplicated
    await enqueue(database.db, 'x', {})
    await enqueue(database.db, 'x', {})
    expect(await count('jobs')).toBe(3)
  })
  it('refuses a message about a case whose text does not show the reference number', async () => {
    const db = database.db
    const before = await count('jobs')
    await expect(
      enqueueSms(db, { to: '01012345678', body: '수업에 자리가 났습니다', reference: 'EDU-1A2B-3C4D' }),
    ).rejects.toThrow(/reference/)
    await expect(
      enqueueEmail(db, { to: 'a@example.org', subject: '답변', body: '본문', reference: '2612-0042' }),
    ).rejects.toThrow(/reference/)
    await expect(enqueueSms(db, { to: '01012345678', body: '', reference: '' })).rejects.toThrow(/reference/)
    // shown in the subject is enough for an email; the job keeps the reference for staff look-ups
    const id = await enqueueEmail(db, {
      to: 'a@example.org',
      subject: '질문 2612-0042 답변',
      body: '본문',
      reference: '2612-0042',
    })
    const [row] = await database.query<{ payload: unknown }>('select payload from jobs where id = $1', [id])
    expect(row?.payload).toMatchObject({ reference: '2612-0042' })
    expect(await count('jobs')).toBe(before + 1)
  })
})

describe('worker', () => {
  it('sends a queued message through the dev transport and records it', async () => {
    const clock = new TestClock(new Date(Date.now() + 1000)) // enqueueSms queues for "now" on the real clock
    const id = await enqueueSms(database.db, {
      to: '01012345678',
      body: '기기 수령 안내 (참조번호 APP-1A2B-3C4D)',
      reference: 'APP-1A2B-3C4D',
    })
    await enqueueEmail(database.db, {
      to: 'b@example.org',
      subject: '제목 REP-0001-0002',
      body: '본문',
      reference: 'REP-0001-0002',
    })
    expect(await worker(messageHandlers, clock).drain()).toBe(2)
    const [m] = await database.query<{ job_id: number; channel: string; recipient: string; body: string }>(
      'select job_id::int as job_id, channel, recipient, body from dev_messages where job_id = $1',
      [id],
    )
    expect(m).toEqual({
      job_id: id,
      channel: 'sms',
      recipient: '01012345678',
      body: '기기 수령 안내 (참조번호 APP-1A2B-3C4D)',
    })
    expect(await count('dev_messages')).toBe(2)
    const j = await job(id)
    expect(j).toMatchObject({ status: 'done', attempts: 1, last_error: null })
    expect(j.finished_at).not.toBeNull()
    expect(await worker(messageHandlers, clock).drain()).toBe(0)
  })

  it('retries a failing job with growing backoff and gives up after maxAttempts', async () => {
    const clock = new TestClock()
    const w = worker(
      {
        'test.fail': async () => {
          throw new Error('gateway down')
        },
      },
      clock,
    )
    const id = await enqueue(database.db, 'test.fail', {}, { maxAttempts: 3, runAt: clock.now() })
    const start = clock.now().getTime()

    expect(await w.drain()).toBe(1)
    let j = await job(id)
    expect(j).toMatchObject({ status: 'pending', attempts: 1, last_error: 'gateway down' })
    const firstDelay = j.run_at.getTime() - start
    expect(firstDelay).toBeGreaterThanOrEqual(27_000)
    expect(firstDelay).toBeLessThanOrEqual(33_000)
    expect(await w.drain()).toBe(0) // not due yet

    clock.advance(firstDelay)
    expect(await w.drain()).toBe(1)
    j = await job(id)
    expect(j).toMatchObject({ status: 'pending', attempts: 2 })
    const secondDelay = j.run_at.getTime() - clock.now().getTime()
    expect(secondDelay).toBeGreaterThanOrEqual(54_000)
    expect(secondDelay).toBeLessThanOrEqual(66_000)

    clock.advance(secondDelay)
    expect(await w.drain()).toBe(1)
    j = await job(id)
    expect(j).toMatchObject({ status: 'dead', attempts: 3, last_error: 'gateway down' })
    expect(j.finished_at).not.toBeNull()
    clock.advance(86_400_000)
    expect(await w.drain()).toBe(0)
  })

  it('backs off exponentially up to an hour', () => {
    const mid = () => 0.5
    expect([1, 2, 3, 4].map((a) => backoffMs(a, mid))).toEqual([30_000, 60_000, 120_000, 240_000])
    expect(backoffMs(20, mid)).toBe(3_600_000)
    expect(backoffMs(1, () => 0)).toBe(27_000)
    expect(backoffMs(1, () => 1)).toBe(33_000)
  })

  it('succeeds on a later attempt', async () => {
    const clock = new TestClock()
    let calls = 0
    const w = worker(
      {
        'test.flaky': async () => {
          calls++
          if (calls === 1) throw new Error('once')
        },
      },
      clock,
    )
    const id = await enqueue(database.db, 'test.flaky', {}, { runAt: clock.now() })
    await w.drain()
    clock.advance(3_600_000)
    await w.drain()
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 2, last_error: null })
  })

  it('marks a job without a handler as failed, not lost', async () => {
    const clock = new TestClock()
    const id = await enqueue(database.db, 'test.nobody', {}, { maxAttempts: 1, runAt: clock.now() })
    await worker({}, clock).drain()
    expect(await job(id)).toMatchObject({ status: 'dead', last_error: 'No handler for job kind test.nobody' })
  })

  it('re-runs a job whose worker crashed after its lease, and the message is still recorded once', async () => {
    const clock = new TestClock(new Date(Date.now() + 1000))
    const leaseMs = 60_000
    const id = await enqueueSms(database.db, { to: '01099998888', body: 'once only', reference: null })
    // worker A claims the job, sends, and dies before marking it done
    const claimed = await claimNext(database.db, clock.now(), leaseMs)
    expect(claimed?.id).toBe(id)
    if (!claimed) return
    await messageHandlers['message.sms']?.({
      db: database.db,
      job: claimed,
      now: clock.now(),
      log,
      transports: transports(),
    })
    expect(await job(id)).toMatchObject({ status: 'running', attempts: 1 })

    // within the lease nobody else takes it
    const b = worker(messageHandlers, clock, [], leaseMs)
    expect(await b.drain()).toBe(0)
    clock.advance(leaseMs + 1)
    expect(await b.drain()).toBe(1)
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 2 })
    expect(await count('dev_messages')).toBe(1)
  })

  it('gives up on a job whose last attempt never finished (a job that kills its worker)', async () => {
    const clock = new TestClock()
    const id = await enqueue(database.db, 'test.poison', {}, { maxAttempts: 2, runAt: clock.now() })
    let ran = 0
    const w = worker({ 'test.poison': async () => void ran++ }, clock, [], 1000)
    for (let i = 0; i < 2; i++) {
      expect((await claimNext(database.db, clock.now(), 1000))?.id).toBe(id) // claimed, then the worker dies
      clock.advance(1001)
    }
    expect(await w.drain()).toBe(0)
    expect(ran).toBe(0)
    expect(await job(id)).toMatchObject({ status: 'dead', attempts: 2 })
  })

  it('never runs a job twice when several workers drain the queue at once', async () => {
    const clock = new TestClock()
    const n = 60
    const runs = new Map<number, number>()
    const handler: JobHandler = async ({ job: j }) => {
      runs.set(j.id, (runs.get(j.id) ?? 0) + 1)
      await new Promise((r) => setTimeout(r, Math.random() * 5))
    }
    const ids: number[] = []
    for (let i = 0; i < n; i++) {
      const id = await enqueue(database.db, 'test.count', { i }, { runAt: clock.now() })
      if (id) ids.push(id)
    }
    const workers = Array.from({ length: 4 }, () => worker({ 'test.count': handler }, clock))
    const ran = await Promise.all(workers.map((w) => w.drain()))
    expect(ran.reduce((a, b) => a + b, 0)).toBe(n)
    expect([...runs.keys()].sort((a, b) => a - b)).toEqual(ids)
    expect([...runs.values()].every((c) => c === 1)).toBe(true)
    const [left] = await database.query<{ n: number }>(
      `select count(*)::int as n from jobs where status <> 'done'`,
    )
    expect(left?.n).toBe(0)
    if (database.kind === 'postgres') expect(ran.filter((r) => r > 0).length).toBeGreaterThan(1)
  })
})

describe('schedules', () => {
  const hourly: Schedule = { kind: 'test.hourly', every: 'hourly' }
  const daily: Schedule = { kind: 'test.daily', every: 'daily', hour: 3 }

  it('keys hourly and daily periods in Korean time', () => {
    // 01:30 UTC = 10:30 KST
    expect(periodOf(hourly, new Date('2026-11-23T01:30:00Z'))).toEqual({
      key: 'schedule:test.hourly:2026-11-23T10',
      runAt: new Date('2026-11-23T01:00:00Z'),
    })
    // 20:00 UTC on the 23rd is 05:00 KST on the 24th; 03:00 KST = 18:00 UTC the day before
    expect(periodOf(daily, new Date('2026-11-23T20:00:00Z'))).toEqual({
      key: 'schedule:test.daily:2026-11-24',
      runAt: new Date('2026-11-23T18:00:00Z'),
    })
    // the KST day changes at 15:00 UTC
    expect(periodOf(daily, new Date('2026-11-23T14:59:59Z')).key).toBe('schedule:test.daily:2026-11-23')
    expect(periodOf(daily, new Date('2026-11-23T15:00:00Z')).key).toBe('schedule:test.daily:2026-11-24')
    expect(periodOf({ kind: 'x', every: 'daily' }, new Date('2026-11-23T15:00:00Z')).runAt).toEqual(
      new Date('2026-11-23T18:00:00Z'),
    )
  })

  it('queues one job per period however often schedule() runs, and runs a daily job from its hour', async () => {
    const clock = new TestClock(new Date('2026-11-23T16:10:00Z')) // 01:10 KST on the 24th
    const ran: string[] = []
    const handlers: Record<string, JobHandler> = {
      'test.hourly': async ({ job: j }) => void ran.push((j.payload as { scheduled: string }).scheduled),
      'test.daily': async ({ job: j }) => void ran.push((j.payload as { scheduled: string }).scheduled),
    }
    const w = worker(handlers, clock, [hourly, daily])
    await w.schedule()
    await w.schedule()
    expect(await count('jobs')).toBe(2)
    expect(await w.drain()).toBe(1) // the hourly one; the daily one is due at 03:00 KST
    expect(ran).toEqual(['schedule:test.hourly:2026-11-24T01'])

    clock.advance(20 * 60_000) // same hour
    await w.schedule()
    expect(await count('jobs')).toBe(2)
    expect(await w.drain()).toBe(0)

    clock.advance(2 * 3_600_000) // 03:30 KST
    await w.schedule()
    await w.schedule()
    expect(await count('jobs')).toBe(3)
    expect(await w.drain()).toBe(2)
    expect(ran).toEqual([
      'schedule:test.hourly:2026-11-24T01',
      'schedule:test.daily:2026-11-24',
      'schedule:test.hourly:2026-11-24T03',
    ])
  })
})
