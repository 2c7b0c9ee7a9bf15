/**
 * `npm run bench`: runs every benchmark listed below, one process each, and exits non-zero when any of
 * them misses its target. Add a file here when you add a bench/*.ts.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BENCHES = ['kiosk-size.ts', 'helpdesk-search.ts']

let failed = 0
for (const file of BENCHES) {
  console.log(`\n── bench/${file}`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], {
    stdio: 'inherit',
  })
  if (r.status !== 0) {
    failed++
    console.log(`bench/${file}: FAILED (exit ${r.status ?? r.signal})`)
  }
}
console.log(`\n${BENCHES.length - failed} of ${BENCHES.length} benchmarks within target`)
if (failed) process.exitCode = 1
