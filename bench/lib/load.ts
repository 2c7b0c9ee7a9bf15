/**
 * A small HTTP load generator (node:http with keep-alive, fixed concurrency, fixed duration): requests/s and
 * latency percentiles. Used by the HTTP bench and the overload test; loopback only.
 */
import http from 'node:http'
import { percentile } from './report.ts'

export interface LoadRequest {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string | ((i: number) => string)
}

export interface LoadResult {
  requests: number
  seconds: number
  rps: number
  p50: number
  p95: number
  p99: number
  statuses: Record<string, number>
  errors: number
}

/** One request; resolves with status, body and latency in ms (status 0 on a socket error). */
export function request(
  agent: http.Agent,
  port: number,
  r: LoadRequest,
  i = 0,
): Promise<{ status: number; body: string; ms: number; headers: http.IncomingHttpHeaders }> {
  const body = typeof r.body === 'function' ? r.body(i) : r.body
  const t0 = performance.now()
  return new Promise((done) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: r.method ?? 'GET',
        path: r.path,
        headers: {
          'accept-encoding': 'gzip, br',
          ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
          ...r.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('latin1'),
            ms: performance.now() - t0,
            headers: res.headers,
          }),
        )
        res.on('error', () => done({ status: 0, body: '', ms: performance.now() - t0, headers: {} }))
      },
    )
    req.on('error', () => done({ status: 0, body: '', ms: performance.now() - t0, headers: {} }))
    if (body !== undefined) req.write(body)
    req.end()
  })
}

/** Runs `concurrency` clients for `seconds` seconds against 127.0.0.1:port. */
export async function load(
  port: number,
  r: LoadRequest,
  opts: { seconds: number; concurrency: number },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency })
  const lat: number[] = []
  const statuses: Record<string, number> = {}
  let errors = 0
  let n = 0
  const t0 = performance.now()
  const end = t0 + opts.seconds * 1000
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < end) {
        const res = await request(agent, port, r, n++)
        lat.push(res.ms)
        if (res.status === 0) errors++
        statuses[res.status] = (statuses[res.status] ?? 0) + 1
      }
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  agent.destroy()
  return {
    requests: lat.length,
    seconds,
    rps: lat.length / seconds,
    p50: percentile(lat, 50),
    p95: percentile(lat, 95),
    p99: percentile(lat, 99),
    statuses,
    errors,
  }
}
