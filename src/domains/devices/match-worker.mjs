// Runs a whole allocation match (model building, HiGHS simplex, hand-out and reasons) off the main
// thread so the server stays responsive: gets the optimiseMatch arguments, posts the plan.
import { parentPort, workerData } from 'node:worker_threads'
import highsLoader from 'highs'
import { tsImport } from 'tsx/esm/api'

const { optimiseMatch } = await tsImport('./allocation.ts', import.meta.url)
const highs = await highsLoader()
const solve = async (lp, timeLimitS) => {
  try {
    const s = highs.solve(lp, {
      time_limit: timeLimitS,
      output_flag: false,
      solver: 'simplex',
      presolve: 'on',
    })
    const columns = {}
    for (const [name, col] of Object.entries(s.Columns)) columns[name] = col.Primal
    return { ok: true, status: s.Status, objective: s.ObjectiveValue, columns }
  } catch (e) {
    return { ok: false, error: String(e) }
  }
}
try {
  const { devs, apps, centres, districts, settings, timeLimitS } = workerData
  const plan = await optimiseMatch(devs, apps, centres, districts, settings, timeLimitS, solve)
  parentPort.postMessage({ ok: true, plan })
} catch (e) {
  parentPort.postMessage({ ok: false, error: String(e) })
}
