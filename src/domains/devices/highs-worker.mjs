// Runs one HiGHS solve off the main thread (solve() is synchronous): gets { lp, options }, posts the solution.
import { parentPort, workerData } from 'node:worker_threads'
import highsLoader from 'highs'

const highs = await highsLoader()
try {
  const s = highs.solve(workerData.lp, workerData.options)
  const columns = {}
  for (const [name, col] of Object.entries(s.Columns)) columns[name] = col.Primal
  parentPort.postMessage({ ok: true, status: s.Status, objective: s.ObjectiveValue, columns })
} catch (e) {
  parentPort.postMessage({ ok: false, error: String(e) })
}
