import { Worker } from 'node:worker_threads'
import {
  type AllocApplication,
  type AllocDevice,
  type AllocPlan,
  districtCaps,
  planAllocation,
  priorityOrder,
} from './rules.ts'

interface WorkerResult {
  ok: boolean
  status?: string
  objective?: number
  columns?: Record<string, number>
  error?: string
}

/** Solves a CPLEX-LP model with HiGHS in a worker thread (its solve() blocks), with a time limit. */
function solveLp(lp: string, timeLimitS: number): Promise<WorkerResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./highs-worker.mjs', import.meta.url), {
      workerData: { lp, options: { time_limit: timeLimitS, mip_rel_gap: 0.001, output_flag: false } },
    })
    const timer = setTimeout(
      () => {
        void worker.terminate()
        resolve({ ok: false, error: 'timeout' })
      },
      (timeLimitS + 5) * 1000,
    )
    worker.once('message', (m: WorkerResult) => {
      clearTimeout(timer)
      void worker.terminate()
      resolve(m)
    })
    worker.once('error', (e) => {
      clearTimeout(timer)
      resolve({ ok: false, error: String(e) })
    })
  })
}

/**
 * The allocation as a 0/1 program: choose which applications are filled (an organisation's batch is
 * all or nothing) to maximise Σ score × devices, with each device kind's supply and each district's
 * fair-share cap as constraints; organisations weigh first (programme phase) and ties go to the
 * earlier priority rank. Devices are then handed out best grade first in priority order with a
 * reason for everyone (planAllocation). Falls back to greedy by priority if the solver fails.
 */
export async function optimiseAllocation(
  devs: AllocDevice[],
  apps: AllocApplication[],
  tolerance = 0.1,
  timeLimitS = 10,
): Promise<AllocPlan> {
  const greedy = planAllocation(devs, apps, tolerance)
  if (apps.length === 0 || devs.length === 0) return greedy
  const order = priorityOrder(apps)
  const n = order.length
  const { cap } = districtCaps(apps, devs.length, tolerance)
  const supply = new Map<string, number>()
  for (const d of devs) supply.set(d.type, (supply.get(d.type) ?? 0) + 1)
  const v = (i: number) => `y${i}`
  const coef = (a: AllocApplication, i: number) =>
    a.quantity * (a.score + (a.applicantKind === 'organisation' ? 1000 : 0)) * (n + 1) + (n - i)
  const lines = [
    'Maximize',
    ` obj: ${order.map((a, i) => `${coef(a, i)} ${v(i)}`).join(' + ')}`,
    'Subject To',
  ]
  const group = (key: (a: AllocApplication) => string) => {
    const m = new Map<string, string[]>()
    order.forEach((a, i) => {
      m.set(key(a), [...(m.get(key(a)) ?? []), `${a.quantity} ${v(i)}`])
    })
    return m
  }
  for (const [type, terms] of group((a) => a.type))
    lines.push(` t_${type}: ${terms.join(' + ')} <= ${supply.get(type) ?? 0}`)
  for (const [code, terms] of group((a) => a.districtCode))
    lines.push(` d_${code.replace(/\W/g, '_')}: ${terms.join(' + ')} <= ${cap.get(code) ?? 0}`)
  lines.push('Binary', ` ${order.map((_, i) => v(i)).join(' ')}`, 'End', '')
  const r = await solveLp(lines.join('\n'), timeLimitS)
  if (!r.ok || !r.columns || !(r.status === 'Optimal' || r.status === 'Time limit reached')) return greedy
  const chosen = new Set(order.filter((_, i) => (r.columns?.[v(i)] ?? 0) > 0.5).map((a) => a.id))
  const plan = planAllocation(devs, apps, tolerance, chosen)
  // never worse than greedy (a time-limited solve could be)
  return plan.objective >= greedy.objective ? { ...plan, greedyObjective: greedy.objective } : greedy
}
