// Solves a deployment plan (reduction, lazy greedy, one HiGHS MILP per distinct shift) off the main thread:
// HiGHS' run() blocks, so the server keeps answering while it works. Gets the PlanInput, posts the PlanResult.
import { parentPort, workerData } from 'node:worker_threads'
import highsLoader from 'highs'
import { tsImport } from 'tsx/esm/api'

const { solvePlan } = await tsImport('./optimise.ts', import.meta.url)
try {
  const highs = await highsLoader()
  parentPort.postMessage({ ok: true, result: solvePlan(workerData, highs) })
} catch (e) {
  parentPort.postMessage({ ok: false, error: String(e) })
}
