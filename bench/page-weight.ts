/**
 * Page weight (issue #10): every citizen page template, opened anonymously in chromium with an empty cache
 * and mobile emulation, with the bytes actually transferred (compressed: HTML, CSS, JavaScript, fonts,
 * images) counted from the browser's network events. Budgets for a page without an interactive island:
 * ≤ 100 KB in total and ≤ 15 KB of JavaScript; a page with an island (the kiosk simulator) has its own
 * budget in bench/kiosk-size.ts and is listed for information. Exits non-zero above a budget.
 *   node --import tsx bench/page-weight.ts
 */

import { type E2E, startE2E } from '../e2e/harness.ts'
import { PAGE_SAMPLES } from '../e2e/pages.ts'
import { allRoutes } from '../src/app.ts'
import { figure } from './lib/report.ts'

const TOTAL_BUDGET = 100 * 1024
const JS_BUDGET = 15 * 1024
/** The scripts of interactive islands (the kiosk simulator); every other script counts against the JS budget. */
const ISLAND_SCRIPTS = ['/static/kiosk/kiosk.js']

/** The citizen (anonymous) page templates and a URL for each (parameterised ones from e2e/pages.ts). */
async function citizenPages(e2e: E2E): Promise<{ route: string; url: string }[]> {
  const out: { route: string; url: string }[] = []
  for (const r of allRoutes()) {
    if (r.kind !== 'page' || r.method !== 'GET' || r.access !== 'public') continue
    if (r.fullPath.startsWith('/staff') || r.fullPath.startsWith('/design-system')) continue
    const samples = PAGE_SAMPLES[r.fullPath]
    if (!samples) {
      if (!r.fullPath.includes(':')) out.push({ route: r.fullPath, url: r.fullPath })
      continue
    }
    for (const s of samples) {
      if ((s.as && s.as !== 'anonymous') || s.setUp || (s.status && s.status !== 200)) continue
      try {
        out.push({ route: r.fullPath, url: typeof s.url === 'string' ? s.url : await s.url(e2e) })
      } catch (e) {
        console.log(`(no sample for ${r.fullPath}: ${(e as Error).message})`)
      }
      break // one sample a template
    }
  }
  return out
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
const e2e = await startE2E()
let over = 0
try {
  const pages = await citizenPages(e2e)
  console.log(`${pages.length} citizen page templates, mobile emulation, empty cache, compressed bytes`)
  console.log(
    `${'page'.padEnd(42)} ${'total'.padStart(9)} ${'HTML'.padStart(8)} ${'CSS'.padStart(8)} ${'JS'.padStart(8)} ${'fonts'.padStart(8)} ${'other'.padStart(8)}  budget`,
  )
  let heaviest = { url: '', total: 0, js: 0 }
  let heaviestJs = { url: '', total: 0, js: 0 }
  for (const p of pages) {
    const context = await e2e.newContext({
      viewport: { width: 412, height: 823 },
      deviceScaleFactor: 2.625,
      isMobile: true,
      hasTouch: true,
    })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    const types = new Map<string, { type: string; url: string }>()
    const bytes = { Document: 0, Stylesheet: 0, Script: 0, Font: 0, Other: 0 }
    const scripts: string[] = []
    cdp.on('Network.responseReceived', (e) => {
      types.set(e.requestId, { type: e.type, url: e.response.url })
    })
    cdp.on('Network.loadingFinished', (e) => {
      const t = types.get(e.requestId)
      const k = (t?.type ?? 'Other') as keyof typeof bytes
      bytes[k in bytes ? k : 'Other'] += e.encodedDataLength
      if (t?.type === 'Script') scripts.push(new URL(t.url).pathname)
    })
    const res = await page.goto(p.url, { waitUntil: 'networkidle' })
    await context.close()
    const total = Object.values(bytes).reduce((a, b) => a + b, 0)
    const island = scripts.some((s) => ISLAND_SCRIPTS.includes(s))
    const ok = island || (total <= TOTAL_BUDGET && bytes.Script <= JS_BUDGET)
    if (!ok) over++
    if (res?.status() !== 200) {
      console.log(`${p.url}: HTTP ${res?.status()}`)
      over++
    }
    if (!island && total > heaviest.total) heaviest = { url: p.url, total, js: bytes.Script }
    if (!island && bytes.Script > heaviestJs.js) heaviestJs = { url: p.url, total, js: bytes.Script }
    console.log(
      `${p.url.slice(0, 42).padEnd(42)} ${kb(total).padStart(9)} ${kb(bytes.Document).padStart(8)} ${kb(bytes.Stylesheet).padStart(8)} ${kb(bytes.Script).padStart(8)} ${kb(bytes.Font).padStart(8)} ${kb(bytes.Other).padStart(8)}  ${island ? 'island (see kiosk-size)' : ok ? 'OK' : 'OVER'}`,
    )
  }
  figure({
    name: `heaviest citizen page total (${heaviest.url})`,
    value: heaviest.total / 1024,
    unit: 'KB',
    target: TOTAL_BUDGET / 1024,
  })
  figure({
    name: `most JavaScript on a page without island (${heaviestJs.url})`,
    value: heaviestJs.js / 1024,
    unit: 'KB',
    target: JS_BUDGET / 1024,
  })
  figure({ name: 'citizen pages over budget', value: over, unit: 'pages', target: 0 })
} finally {
  await e2e.close()
}
if (over) process.exitCode = 1
