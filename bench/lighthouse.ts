/**
 * Lighthouse (issue #10): npm lighthouse 12 with Debian's chromium, default mobile emulation (Moto G Power
 * screen, simulated slow 4G and 4× CPU slowdown). Targets: performance ≥ 95 and accessibility 100 on the
 * home page and a form page (the donation form); the kiosk simulator's first scenario interactive within
 * 3 s (issue #5). The app runs as in the browser tests (fresh database with the demo data). Exits non-zero
 * when a target is missed.
 *   node --import tsx bench/lighthouse.ts
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import lighthouse from 'lighthouse'
import { CHROMIUM_ARGS, CHROMIUM_PATH, startE2E } from '../e2e/harness.ts'
import { figure } from './lib/report.ts'

if (!CHROMIUM_PATH) throw new Error('chromium is needed (apt-get install -y chromium)')
const e2e = await startE2E()
const profile = mkdtempSync(join(tmpdir(), 'gachi-lh-'))
const chrome = spawn(
  CHROMIUM_PATH,
  [
    ...CHROMIUM_ARGS,
    '--headless=new',
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    'about:blank',
  ],
  { stdio: ['ignore', 'ignore', 'pipe'] },
)
const port = await new Promise<number>((resolve, reject) => {
  let err = ''
  chrome.stderr!.on('data', (d: Buffer) => {
    err += d.toString()
    const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err)
    if (m) resolve(Number(m[1]))
  })
  chrome.once('exit', (code) => reject(new Error(`chromium exited (${code}): ${err}`)))
})

let missed = 0
try {
  const { items } = (await (await fetch(`${e2e.baseUrl}/api/v1/kiosk/scenarios`)).json()) as {
    items: { id: string }[]
  }
  const first = items[0]
  const kioskUrl = `/kiosk/${first?.id ?? 'fast-food'}`
  const pages: [string, string, { perf?: number; a11y?: number; ttiMs?: number }][] = [
    ['home page', '/', { perf: 95, a11y: 100 }],
    ['form page (donation)', '/devices/donate', { perf: 95, a11y: 100 }],
    [`kiosk simulator, first scenario (${kioskUrl})`, kioskUrl, { ttiMs: 3000 }],
  ]
  for (const [name, path, targets] of pages) {
    const result = await lighthouse(`${e2e.baseUrl}${path}`, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      locale: 'en-US',
    })
    if (!result) throw new Error(`lighthouse returned nothing for ${path}`)
    const lhr = result.lhr
    const perf = Math.round((lhr.categories.performance?.score ?? 0) * 100)
    const a11y = Math.round((lhr.categories.accessibility?.score ?? 0) * 100)
    const tti = lhr.audits.interactive?.numericValue ?? Number.NaN
    const lcp = lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN
    console.log(
      `${name}: performance ${perf}, accessibility ${a11y}, interactive ${Math.round(tti)} ms, LCP ${Math.round(lcp)} ms`,
    )
    for (const a of Object.values(lhr.audits))
      if (
        a.score !== null &&
        a.score < 1 &&
        lhr.categories.accessibility?.auditRefs.some((r) => r.id === a.id)
      )
        console.log(`  accessibility: ${a.id} — ${a.title}`)
    const checks = [
      figure({
        name: `Lighthouse performance: ${name}`,
        value: perf,
        unit: '',
        target: targets.perf,
        better: 'higher',
      }),
      figure({
        name: `Lighthouse accessibility: ${name}`,
        value: a11y,
        unit: '',
        target: targets.a11y,
        better: 'higher',
      }),
      figure({ name: `time to interactive: ${name}`, value: tti, unit: 'ms', target: targets.ttiMs }),
    ]
    missed += checks.filter((ok) => !ok).length
  }
} finally {
  await e2e.close()
  await new Promise((r) => {
    chrome.once('exit', r)
    chrome.kill('SIGTERM')
  })
  rmSync(profile, { recursive: true, force: true, maxRetries: 3 })
}
if (missed) process.exitCode = 1
