import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from '../../platform/db/client.ts'
import { loadScenario, type Scenario, ScenarioSchema } from './format.ts'
import * as repo from './repo.ts'

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'scenarios')

let shipped: Map<string, Scenario> | null = null

/**
 * The scenarios shipped with Gachi (src/domains/kiosk/scenarios/*.json), validated once at first use. A
 * broken file stops the app with the file, path and line — it is a bug in the release, not a user error.
 */
export function shippedScenarios(): Map<string, Scenario> {
  if (shipped) return shipped
  const out = new Map<string, Scenario>()
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const r = loadScenario(readFileSync(join(DIR, file), 'utf8'))
    if (!r.ok)
      throw new Error(
        `kiosk scenario ${file} is invalid:\n${r.problems.map((p) => `  line ${p.line} ${p.path}: ${p.message}`).join('\n')}`,
      )
    if (`${r.scenario.id}.json` !== file)
      throw new Error(`kiosk scenario ${file} has the id "${r.scenario.id}"`)
    out.set(r.scenario.id, r.scenario)
  }
  shipped = out
  return out
}

/** The order learners see the shipped scenarios in (easiest first). */
const ORDER = ['fast-food', 'cafe', 'cinema', 'express-bus', 'atm', 'hospital', 'civil-document']

/** Every playable scenario: shipped ones first, then those tutors published. */
export async function playableScenarios(db: Db): Promise<{ scenario: Scenario; shipped: boolean }[]> {
  const rank = (id: string) => (ORDER.includes(id) ? ORDER.indexOf(id) : ORDER.length)
  const ships = [...shippedScenarios().values()].sort((a, b) => rank(a.id) - rank(b.id))
  const authored = (await repo.publishedAuthored(db))
    .map((r) => ScenarioSchema.safeParse(r.published))
    .flatMap((r) => (r.success ? [r.data] : []))
  return [
    ...ships.map((scenario) => ({ scenario, shipped: true })),
    ...authored.map((scenario) => ({ scenario, shipped: false })),
  ]
}

/** One playable scenario by id (shipped, else published by a tutor), or undefined. */
export async function findScenario(db: Db, id: string): Promise<Scenario | undefined> {
  const s = shippedScenarios().get(id)
  if (s) return s
  const row = await repo.findAuthored(db, id)
  if (!row?.published) return undefined
  const r = ScenarioSchema.safeParse(row.published)
  return r.success ? r.data : undefined
}
