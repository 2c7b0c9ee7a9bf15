import type { Context, MiddlewareHandler } from 'hono'
import { negotiateLocale, translator } from '../i18n/index.ts'
import type { AppEnv } from './context.ts'
import { readCookie } from './cookies.ts'

export interface ShedOptions {
  /** Requests handled at the same time. */
  maxInflight: number
  /** Requests waiting for a turn; beyond this, new requests are refused at once. */
  maxQueue: number
  /** How long a request may wait for a turn before it is refused. */
  queueWaitMs: number
  /** Seconds the client is told to wait (Retry-After). */
  retryAfterS: number
  /** Paths never shed (health checks). */
  exempt?: (path: string) => boolean
  /**
   * Event-loop lag (ms) above which new requests are refused at once; 0 turns this off. Catches overload the
   * in-flight count cannot see: with the embedded database (PGlite) a request's queries run on the event loop
   * itself, so requests are handled one after another and the backlog waits in the kernel's socket queue.
   */
  maxLagMs?: number
  /** Current event-loop lag in ms (tests inject one; default: a sampler started when maxLagMs > 0). */
  lag?: () => number
}

export interface Shedder {
  middleware: MiddlewareHandler<AppEnv>
  /** Requests running and waiting now, requests refused since start, and the event-loop lag now (ms). */
  stats(): { inflight: number; queued: number; shed: number; lagMs: number }
}

/** How often the lag sampler ticks, and how many ticks make one window. */
const TICK_MS = 50
const WINDOW_TICKS = 5

/**
 * Event-loop lag: a timer that should fire every TICK_MS notes how late it fires; a window is WINDOW_TICKS
 * ticks. The lag reported is the smaller of the worst delays of the last two complete windows, so only a
 * sustained lag counts (overload), not one long stall such as a seed, a big PDF or garbage collection.
 */
export function lagSampler(): { lag: () => number; stop: () => void } {
  let last = performance.now()
  let ticks = 0
  let current = 0
  let w1 = 0 // the last complete window's worst delay
  let w2 = 0 // the one before
  const timer = setInterval(() => {
    const now = performance.now()
    current = Math.max(current, now - last - TICK_MS)
    last = now
    if (++ticks >= WINDOW_TICKS) {
      w2 = w1
      w1 = current
      current = 0
      ticks = 0
    }
  }, TICK_MS)
  timer.unref()
  return { lag: () => Math.min(w1, w2), stop: () => clearInterval(timer) }
}

interface Waiter {
  go: (() => void) | null
}

/**
 * Load shedding: at most `maxInflight` requests run at once; the next ones wait in a FIFO queue of at
 * most `maxQueue` for at most `queueWaitMs`. A request that finds the queue full, or waits too long,
 * is answered 503 with Retry-After (JSON on /api/, a page otherwise) before it touches the database,
 * so overload shows as quick, retryable refusals rather than time-outs or other 5xx. When `maxLagMs` is set,
 * a request that arrives while the event loop is lagging more than that is refused the same way.
 */
export function shedder(opts: ShedOptions): Shedder {
  const maxLag = opts.maxLagMs ?? 0
  // the server's sampler runs for the process's life (its timer does not keep the process alive)
  const lag = opts.lag ?? (maxLag > 0 ? lagSampler().lag : () => 0)
  let inflight = 0
  let shed = 0
  const queue: Waiter[] = []
  let head = 0 // queue[head..] are waiting, except entries whose go is null (they gave up)
  let waiting = 0

  const release = () => {
    while (head < queue.length) {
      const w = queue[head++]!
      if (head > 1024 && head * 2 > queue.length) {
        queue.splice(0, head)
        head = 0
      }
      if (w.go) {
        const go = w.go
        w.go = null
        go() // the slot passes to the waiter; inflight stays the same
        return
      }
    }
    inflight--
  }

  /** 503 in the request's language: JSON on /api/, otherwise a small page (no layout, no database). */
  const refuse = (c: Context<AppEnv>) => {
    shed++
    const locale = negotiateLocale(readCookie(c, 'gachi_lang'), c.req.header('accept-language'))
    const message = translator(locale)('error.unavailable')
    const headers = { 'retry-after': String(opts.retryAfterS), 'cache-control': 'no-store' }
    if (c.req.path.startsWith('/api/'))
      return c.json(
        { error: { code: 'unavailable', message, requestId: c.var.requestId ?? '' } },
        503,
        headers,
      )
    return c.html(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${message}</title></head><body style="font-size:1.25rem;font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><main><h1>${message}</h1></main></body></html>`,
      503,
      headers,
    )
  }

  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (opts.exempt?.(c.req.path)) return next()
    if (maxLag > 0 && lag() > maxLag) return refuse(c)
    if (inflight >= opts.maxInflight) {
      if (waiting >= opts.maxQueue) return refuse(c)
      const w: Waiter = { go: null }
      waiting++
      const admitted = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          w.go = null
          waiting--
          resolve(false)
        }, opts.queueWaitMs)
        w.go = () => {
          clearTimeout(timer)
          waiting--
          resolve(true)
        }
        queue.push(w)
      })
      if (!admitted) return refuse(c)
    } else inflight++
    try {
      await next()
    } finally {
      release()
    }
  }

  return {
    middleware,
    stats: () => ({ inflight, queued: waiting, shed, lagMs: Math.max(0, Math.round(lag())) }),
  }
}
