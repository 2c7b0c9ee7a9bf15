import type { Reporter, TestModule } from 'vitest/node'

/**
 * Prints the plain closing line `Tests: N passed, N failed, N skipped` that CI reads. A test file that fails
 * outside its tests (an import error, a failing beforeAll) counts as one failure, so the line never says
 * "0 failed" for a run that failed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const m of modules) {
      let failedHere = 0
      for (const t of m.children.allTests()) {
        const s = t.result().state
        if (s === 'passed') passed++
        else if (s === 'failed') failedHere++
        else skipped++
      }
      if (failedHere === 0 && (m.state() === 'failed' || m.errors().length > 0)) failedHere = 1
      failed += failedHere
    }
    failed += errors.length
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
