/**
 * `npm run bench`: runs every benchmark in BENCHES (one process each, output shown as it comes), then prints
 * one table — each figure beside its target and, where the bench measured one in the same run, its ratio to a
 * baseline — and writes it to bench/results/latest.json. Exits non-zero when a bench fails or misses a target.
 *
 *   npm run bench                       # everything
 *   npm run bench -- http page-weight   # only benches whose file name contains one of the words
 *   BENCH_PG_URL=postgres://… npm run bench   # PostgreSQL for the `pg` benches (default: the local server if it answers)
 *
 * Adding a bench is one line in BENCHES. A bench reports figures with `figure()` from bench/lib/report.ts;
 * a bench that only prints text can be given a `parse` that reads its figures from the output.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { type Figure, MARK, withinTarget } from './lib/report.ts'

interface Bench {
  file: string
  /** Also run it on PostgreSQL (DATABASE_URL set to the bench server), beside the PGlite run. */
  pg?: boolean
  /** Reads figures from a bench that prints text only. */
  parse?: (out: string) => Figure[]
  env?: Record<string, string>
}

const num = (s: string | undefined) => Number(s ?? Number.NaN)

const BENCHES: Bench[] = [
  { file: 'kiosk-size.ts', parse: parseKioskSize },
  { file: 'helpdesk-search.ts', parse: parseHelpdeskSearch },
  { file: 'education-rush.ts', pg: true },
  { file: 'http.ts' },
  { file: 'page-weight.ts' },
  { file: 'lighthouse.ts' },
  { file: 'devices-allocation.ts' },
  { file: 'deployment.ts' },
  { file: 'nearest.ts' },
  { file: 'stats.ts', pg: true },
]

function parseKioskSize(out: string): Figure[] {
  const m = /kiosk JavaScript total\s+([\d.]+) KB raw\s+([\d.]+) KB gzipped — budget ([\d.]+) KB/.exec(out)
  return m
    ? [{ name: 'kiosk JavaScript (gzip)', value: num(m[2]), unit: 'KB', target: num(m[3]), better: 'lower' }]
    : []
}

function parseHelpdeskSearch(out: string): Figure[] {
  const figures: Figure[] = []
  for (const m of out.matchAll(/^(.+?)\s+p50\s+([\d.]+) ms\s+p95\s+([\d.]+) ms\s+hits/gm))
    figures.push({
      name: `help search p95: ${m[1]!.trim()}`,
      value: num(m[3]),
      unit: 'ms',
      target: 50,
      better: 'lower',
    })
  return figures
}

/** The PostgreSQL server for `pg` benches: BENCH_PG_URL, else the local default if it answers. */
async function pgUrl(): Promise<string | null> {
  const url = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await c.connect()
    await c.query('select 1')
    return url
  } catch {
    return null
  } finally {
    await c.end().catch(() => {})
  }
}

interface Row extends Figure {
  bench: string
  engine: string
  ok: boolean
}
interface Run {
  bench: string
  engine: string
  exit: number | string
  seconds: number
}

function runOne(file: string, env: Record<string, string>): Promise<{ out: string; exit: number | string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (d: string) => {
      out += d
      for (const line of d.split('\n')) if (line && !line.startsWith(MARK)) process.stdout.write(`${line}\n`)
    })
    child.on('close', (code, signal) => done({ out, exit: code ?? signal ?? 'unknown' }))
  })
}

const only = process.argv.slice(2)
const chosen = BENCHES.filter((b) => only.length === 0 || only.some((w) => b.file.includes(w)))
const pgServer = chosen.some((b) => b.pg) ? await pgUrl() : null
const rows: Row[] = []
const runs: Run[] = []
for (const b of chosen) {
  const engines: [string, Record<string, string>][] = [['PGlite', { DATABASE_URL: '' }]]
  if (b.pg && pgServer) engines.push(['PostgreSQL', { DATABASE_URL: pgServer }])
  if (b.pg && !pgServer) console.log(`(no PostgreSQL server answered: bench/${b.file} runs on PGlite only)`)
  for (const [engine, engineEnv] of engines) {
    console.log(`\n── bench/${b.file}${b.pg ? ` on ${engine}` : ''}`)
    const t0 = performance.now()
    const { out, exit } = await runOne(b.file, { ...(b.pg ? engineEnv : {}), ...b.env })
    const seconds = (performance.now() - t0) / 1000
    runs.push({ bench: b.file, engine: b.pg ? engine : '', exit, seconds })
    const figures: Figure[] = []
    for (const line of out.split('\n'))
      if (line.startsWith(MARK)) figures.push(JSON.parse(line.slice(MARK.length)) as Figure)
    if (b.parse) figures.push(...b.parse(out))
    for (const f of figures)
      rows.push({ ...f, bench: b.file, engine: b.pg ? engine : '', ok: withinTarget(f) })
    if (exit !== 0) console.log(`bench/${b.file}: FAILED (exit ${exit})`)
  }
}

const fmt = (n: number | undefined) =>
  n === undefined || Number.isNaN(n)
    ? ''
    : Math.abs(n) >= 100
      ? n.toFixed(0)
      : Math.abs(n) >= 10
        ? n.toFixed(1)
        : n.toFixed(2)
const table = rows.map((r) => ({
  figure: `${r.name}${r.engine ? ` [${r.engine}]` : ''}`,
  value: `${fmt(r.value)} ${r.unit}`.trim(),
  target: r.target === undefined ? '' : `${(r.better ?? 'lower') === 'higher' ? '≥' : '≤'} ${fmt(r.target)}`,
  'vs target': r.target ? fmt(r.value / r.target) : '',
  baseline: r.baseline === undefined ? '' : `${fmt(r.baseline)} (${r.baselineName ?? 'baseline'})`,
  'vs baseline': r.baseline ? fmt(r.value / r.baseline) : '',
  ok: r.target === undefined ? '' : r.ok ? 'OK' : 'MISSED',
}))
const cols = Object.keys(table[0] ?? { figure: '' }) as (keyof (typeof table)[number])[]
const width = (c: (typeof cols)[number]) => Math.max(c.length, ...table.map((t) => t[c].length))
console.log(`\n${cols.map((c) => c.padEnd(width(c))).join('  ')}`)
console.log(cols.map((c) => '─'.repeat(width(c))).join('  '))
for (const t of table) console.log(cols.map((c) => t[c].padEnd(width(c))).join('  '))

const failedRuns = runs.filter((r) => r.exit !== 0)
const missed = rows.filter((r) => !r.ok)
const resultsDir = fileURLToPath(new URL('results/', import.meta.url))
mkdirSync(resultsDir, { recursive: true })
writeFileSync(
  `${resultsDir}latest.json`,
  `${JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        memoryGb: os.totalmem() / 2 ** 30,
        node: process.version,
      },
      runs,
      figures: rows,
    },
    null,
    2,
  )}\n`,
)
console.log(
  `\n${runs.length - failedRuns.length} of ${runs.length} bench runs passed; ${rows.length - missed.length} of ${rows.length} figures within target (bench/results/latest.json)`,
)
if (failedRuns.length || missed.length) process.exitCode = 1
