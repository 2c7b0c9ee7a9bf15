import type { Db } from '../../platform/db/client.ts'
import { statedCircumstances } from '../devices/service.ts'
import { ticketStatFacts } from '../helpdesk/service.ts'
import { statProfiles } from '../people/service.ts'
import * as repo from './repo.ts'
import { registerStatSource, type StatCursor, type StatFact, statSources } from './sources.ts'
import type { StatKind } from './tables.ts'

/**
 * A caught-up source is read again from this long before its newest fact, so a transaction that
 * committed late with an earlier time is not missed; the unique source key keeps it from counting twice.
 */
export const OVERLAP_MS = 15 * 60_000
const START: StatCursor = { at: new Date('2000-01-01T00:00:00Z'), key: '' }

// ── the built-in sources ─────────────────────────────────────────────────────────────────────────

for (const name of Object.keys(repo.LEGACY_SOURCES) as repo.LegacySource[])
  registerStatSource({
    name,
    read: async (db, after, limit) => {
      const rows = await repo.legacyRowsAfter(db, name, after, limit)
      const last = rows.at(-1)
      return {
        rows: rows.length,
        next: last ? { at: new Date(last.cur), key: last.source_key } : null,
        facts: rows.map((r) => ({
          key: r.source_key,
          kind: r.kind as StatKind,
          at: new Date(r.at),
          districtCode: r.district_code,
          personId: r.person_id,
          value: Number(r.value),
        })),
      }
    },
  })

// help desk: through its service, which judges the SLA itself (time waiting on the citizen not counted)
for (const moment of ['opened', 'resolved', 'rated'] as const)
  registerStatSource({
    name: `helpdesk.${moment}`,
    read: async (db, after, limit) => {
      const rows = await ticketStatFacts(db, moment, { at: after.at, id: after.key }, limit)
      const last = rows.at(-1)
      const facts: StatFact[] = []
      for (const t of rows) {
        const base = { at: t.at, personId: t.personId }
        if (moment === 'opened') {
          facts.push({ ...base, key: `tk_open:${t.id}`, kind: 'ticket_opened' })
          if (t.personId) facts.push({ ...base, key: `reach:${t.personId}`, kind: 'person_reached' })
        } else if (moment === 'resolved') {
          facts.push({ ...base, key: `tk_res:${t.id}`, kind: 'ticket_resolved' })
          if (t.withinSla) facts.push({ ...base, key: `tk_sla:${t.id}`, kind: 'ticket_in_sla' })
        } else {
          // the help desk's own 1–3 rating after resolution is the survey answer for a ticket
          facts.push({ ...base, key: `tkr:${t.id}`, kind: 'survey_answer' })
          if (t.rating === 3) facts.push({ ...base, key: `tkrh:${t.id}`, kind: 'survey_happy' })
        }
      }
      return { rows: rows.length, facts, next: last ? { at: last.at, key: last.id } : null }
    },
  })

// ── collection ───────────────────────────────────────────────────────────────────────────────────

/** Age group at the time of the event: 65 and over (senior), under 65 (adult), or not known. */
export function groupOf(birthDate: string | null, at: Date): 'senior' | 'adult' | 'unknown' {
  if (!birthDate) return 'unknown'
  const b = new Date(`${birthDate}T00:00:00Z`)
  let age = at.getUTCFullYear() - b.getUTCFullYear()
  if (
    at.getUTCMonth() < b.getUTCMonth() ||
    (at.getUTCMonth() === b.getUTCMonth() && at.getUTCDate() < b.getUTCDate())
  )
    age--
  return age >= 65 ? 'senior' : 'adult'
}

/**
 * Turns facts into anonymous events: the person's age group (people), whether they stated a disability or
 * a low income on an application (devices) and, when the fact has none, their district. Then inserts them
 * (a key already collected is skipped). Returns how many were added.
 */
export async function insertFacts(tx: Db, facts: StatFact[]): Promise<number> {
  if (!facts.length) return 0
  const ids = [...new Set(facts.map((f) => f.personId).filter((x): x is string => !!x))]
  const [profiles, needs] = await Promise.all([statProfiles(tx, ids), statedCircumstances(tx, ids)])
  return repo.insertEvents(
    tx,
    facts.map((f) => {
      const p = f.personId ? profiles.get(f.personId) : undefined
      const n = f.personId ? needs.get(f.personId) : undefined
      return {
        kind: f.kind,
        at: f.at,
        districtCode: f.districtCode ?? p?.districtCode ?? '',
        grp: f.personId ? groupOf(p?.birthDate ?? null, f.at) : 'unknown',
        disability: n?.disability ?? false,
        lowIncome: n?.lowIncome ?? false,
        value: f.value ?? 1,
        sourceKey: f.key,
      }
    }),
  )
}

/**
 * Reads every source from its cursor (never the whole history again), in batches, one transaction per
 * batch (the events and the cursor move together). A caught-up source's cursor is set back by
 * OVERLAP_MS from its newest row. Returns the events added per source.
 */
export async function collect(db: Db, now: Date, batch = 5000): Promise<Record<string, number>> {
  const added: Record<string, number> = {}
  for (const source of statSources()) {
    added[source.name] = 0
    for (;;) {
      const done = await db.transaction(async (tx) => {
        const after = (await repo.sourceCursor(tx, source.name)) ?? START
        const r = await source.read(tx, after, batch)
        added[source.name] = (added[source.name] ?? 0) + (await insertFacts(tx, r.facts))
        if (!r.next) return true
        const full = r.rows >= batch
        const cursor = full
          ? r.next
          : { at: new Date(Math.max(after.at.getTime(), r.next.at.getTime() - OVERLAP_MS)), key: '' }
        // never move a cursor backwards past where a previous run already rewound it
        if (full || cursor.at.getTime() > after.at.getTime() || after === START)
          await repo.saveSourceCursor(tx, source.name, cursor, now)
        return !full
      })
      if (done) break
    }
  }
  return added
}
