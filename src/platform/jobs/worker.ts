import type { Logger } from 'pino'
import type { Db } from '../db/client.ts'
import { claimNext, enqueue, type JobRow, markDone, markFailed } from './queue.ts'
import type { Transports } from './transports.ts'

export interface JobContext {
  db: Db
  job: JobRow
  now: Date
  log: Logger
  transports: Transports
}
export type JobHandler = (ctx: JobContext) => Promise<void>

/** A recurring job: queued once per period (the dedupe key is the period), run by the same worker. */
export interface Schedule {
  kind: string
  every: 'hourly' | 'daily'
  /** For daily jobs: the hour (Asia/Seoul) from which it is due. */
  hour?: number
}

const KST_OFFSET_MS = 9 * 3_600_000

/** The key and due time of a schedule's current period. */
export function periodOf(s: Schedule, now: Date): { key: string; runAt: Date } {
  const kst = new Date(now.getTime() + KST_OFFSET_MS)
  const day = kst.toISOString().slice(0, 10)
  if (s.every === 'hourly') {
    const start = Math.floor(now.getTime() / 3_600_000) * 3_600_000 // KST is a whole-hour offset
    return { key: `schedule:${s.kind}:${kst.toISOString().slice(0, 13)}`, runAt: new Date(start) }
  }
  const h = String(s.hour ?? 3).padStart(2, '0')
  return {
    key: `schedule:${s.kind}:${day}`,
    runAt: new Date(new Date(`${day}T${h}:00:00.000Z`).getTime() - KST_OFFSET_MS),
  }
}

export const messageHandlers: Record<string, JobHandler> = {
  'message.sms': async ({ job, transports }) => {
    const p = job.payload as { to: string; body: string }
    await transports.sms.send({
      channel: 'sms',
      to: p.to,
      body: p.body,
      idempotencyKey: `job-${job.id}`,
      jobId: job.id,
    })
  },
  'message.email': async ({ job, transports }) => {
    const p = job.payload as { to: string; subject: string; body: string }
    await transports.email.send({
      channel: 'email',
      to: p.to,
      subject: p.subject,
      body: p.body,
      idempotencyKey: `job-${job.id}`,
      jobId: job.id,
    })
  },
}

/**
 * Runs queued jobs with retries and backoff. In-process by default (`GACHI_WORKER=inline`),
 * or as its own process (`npx gachi worker`); several workers may share one PostgreSQL queue.
 */
export class Worker {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private stopped = false

  constructor(
    private readonly db: Db,
    private readonly handlers: Record<string, JobHandler>,
    private readonly schedules: Schedule[],
    private readonly transports: Transports,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly leaseMs = 5 * 60_000,
  ) {}

  /** Queues this period's scheduled jobs (idempotent). */
  async schedule(): Promise<void> {
    const now = this.now()
    for (const s of this.schedules) {
      const { key, runAt } = periodOf(s, now)
      await enqueue(this.db, s.kind, { scheduled: key }, { dedupeKey: key, runAt })
    }
  }

  /** Runs every job that is due now; returns how many ran. */
  async drain(max = 1000): Promise<number> {
    let n = 0
    while (n < max && !this.stopped) {
      const now = this.now()
      const job = await claimNext(this.db, now, this.leaseMs)
      if (!job) break
      n++
      const handler = this.handlers[job.kind]
      try {
        if (!handler) throw new Error(`No handler for job kind ${job.kind}`)
        await handler({ db: this.db, job, now, log: this.log, transports: this.transports })
        await markDone(this.db, job.id, this.now())
      } catch (e) {
        const outcome = await markFailed(this.db, job, e instanceof Error ? e.message : String(e), this.now())
        this.log[outcome === 'dead' ? 'error' : 'warn'](
          { jobId: job.id, kind: job.kind, err: e },
          `job ${outcome}`,
        )
      }
    }
    return n
  }

  /** Polls every `intervalMs`. */
  start(intervalMs = 2000): void {
    this.stopped = false
    const loop = async () => {
      try {
        await this.schedule()
        await this.drain()
      } catch (e) {
        this.log.error({ err: e }, 'worker tick failed')
      }
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs)
    }
    const tick = () => {
      this.running = loop()
    }
    tick()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }
}
