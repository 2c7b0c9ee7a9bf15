/**
 * The kiosk simulator's weight: every script a learner's device downloads for kiosk practice, raw and
 * gzipped, against the 60 KB (gzipped) budget of issue #5. Exits non-zero above the budget.
 *   node --import tsx bench/kiosk-size.ts
 * (src/domains/kiosk/kiosk.test.ts also checks the budget with `measureKioskScripts`.)
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'

export const BUDGET_BYTES = 60 * 1024

/** The scripts of kiosk practice: the shared page script, the simulator island and its service worker. */
const FILES = ['../src/ui/static/app.js', '../src/ui/static/kiosk/kiosk.js', '../src/ui/static/kiosk/sw.js']

/** Each script's size, raw and gzipped (level 9), and the totals. */
export function measureKioskScripts() {
  const files = FILES.map((f) => {
    const body = readFileSync(fileURLToPath(new URL(f, import.meta.url)))
    return { file: f.replace('../', ''), raw: body.length, gzipped: gzipSync(body, { level: 9 }).length }
  })
  return {
    files,
    raw: files.reduce((n, f) => n + f.raw, 0),
    gzipped: files.reduce((n, f) => n + f.gzipped, 0),
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const m = measureKioskScripts()
  for (const f of m.files)
    console.log(`${f.file.padEnd(34)} ${kb(f.raw).padStart(9)} raw ${kb(f.gzipped).padStart(9)} gzipped`)
  const ok = m.gzipped <= BUDGET_BYTES
  console.log(
    `${'kiosk JavaScript total'.padEnd(34)} ${kb(m.raw).padStart(9)} raw ${kb(m.gzipped).padStart(9)} gzipped — budget ${kb(BUDGET_BYTES)}: ${ok ? 'OK' : 'OVER BUDGET'}`,
  )
  if (!ok) process.exitCode = 1
}
