/**
 * The kiosk simulator's weight: every script a learner's device downloads for kiosk practice, raw and
 * gzipped, against the 60 KB (gzipped) budget of issue #5. Exits non-zero above the budget.
 *   node --import tsx bench/kiosk-size.ts
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

export const BUDGET_BYTES = 60 * 1024

/** The scripts of kiosk practice: the shared page script, the simulator island and its service worker. */
const FILES = ['../src/ui/static/app.js', '../src/ui/static/kiosk/kiosk.js', '../src/ui/static/kiosk/sw.js']

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
let raw = 0
let gz = 0
for (const f of FILES) {
  const body = readFileSync(fileURLToPath(new URL(f, import.meta.url)))
  const z = gzipSync(body, { level: 9 }).length
  raw += body.length
  gz += z
  console.log(
    `${f.replace('../', '').padEnd(34)} ${kb(body.length).padStart(9)} raw ${kb(z).padStart(9)} gzipped`,
  )
}
const ok = gz <= BUDGET_BYTES
console.log(
  `${'kiosk JavaScript total'.padEnd(34)} ${kb(raw).padStart(9)} raw ${kb(gz).padStart(9)} gzipped — budget ${kb(BUDGET_BYTES)}: ${ok ? 'OK' : 'OVER BUDGET'}`,
)
if (!ok) process.exitCode = 1
