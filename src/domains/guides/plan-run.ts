import { Worker } from 'node:worker_threads'
import { type PlanInput, type PlanResult, solvePlan } from './optimise.ts'

/**
 * Runs solvePlan in a worker thread with HiGHS (see plan-worker.mjs). If the worker fails or overruns
 * its time limit by far, the lazy-greedy plan (computed here) is returned instead.
 */
export function planInWorker(input: PlanInput): Promise<PlanResult> {
  const limit = input.timeLimitS ?? 30
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./plan-worker.mjs', import.meta.url), { workerData: input })
    const fallback = (why: string) => {
      const r = solvePlan(input, null)
      resolve({ ...r, warnings: [...r.warnings, why] })
    }
    const timer = setTimeout(
      () => {
        void worker.terminate()
        fallback('worker-timeout')
      },
      (limit * 2 + 30) * 1000,
    )
    worker.once('message', (m: { ok: boolean; result?: PlanResult; error?: string }) => {
      clearTimeout(timer)
      void worker.terminate()
      if (m.ok && m.result) resolve(m.result)
      else fallback(m.error ?? 'worker-failed')
    })
    worker.once('error', (e) => {
      clearTimeout(timer)
      fallback(String(e))
    })
  })
}
