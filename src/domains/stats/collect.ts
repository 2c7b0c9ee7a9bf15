import type { Db } from '../../platform/db/client.ts'
import { deviceStatFacts, statedCircumstances } from '../devices/service.ts'
import { educationStatFacts } from '../education/service.ts'
import { assistStatFacts } from '../guides/service.ts'
import { ticketStatFacts } from '../helpdesk/service.ts'
import { statProfiles } from '../people/service.ts'
import * as repo from './repo.ts'
import { registerStatSource, type StatCursor, type StatFact, statSources } from './sources.ts'

/**
 * A caught-up source is read again from this long before its newest fact, so a transaction that
 * committed late with an earlier time is not missed; the unique source key keeps it from counting twice.
 */
export const OVERLAP_MS = 15 * 60_000
const START: StatCursor = { at: new Date('2000-01-01T00:00:00Z'), key: '' }

// ── the built-in sources ─────────────────────────────────────────────────────────────────────────

/**
 * A cursor key written before these sources read through their domains was the fact key
 * ("pledge:<id>"); such a key is read again from the start of its time (the overlap is harmless: a
 * collected key is skipped).
 */
const afterOf = (c: StatCursor) => ({ at: c.at, id: c.key.includes(':') ? '' : c.key })

/** Registers a source read through a domain's service: rows after the cursor, and the facts of each. */
function fromDomain<R extends { id: string; at: Date }>(
  name: string,
  rowsAfter: (db: Db, after: { at: Date; id: string }, limit: number) => Promise<R[]>,
  factsOf: (row: R) => StatFact[],
  cursorAt: (row: R) => Date = (r) => r.at,
) {
  registerStatSource({
    name,
    read: async (db, after, limit) => {
      const rows = await rowsAfter(db, afterOf(after), limit)
      const last = rows.at(-1)
      return {
        rows: rows.length,
        facts: rows.flatMap(factsOf),
        next: last ? { at: cursorAt(last), key: last.id } : null,
      }
    },
  })
}

// devices, education and guides: through their services (each domain's repo holds the SQL)
const STEP_KIND = {
  received: 'device_received',
  wiped: 'device_wiped',
  graded: 'device_refurbished',
} as const
fromDomain(
  'devices.pledged',
  (db, after, limit) => deviceStatFacts(db, 'pledged', after, limit),
  (r) => [{ key: `pledge:${r.id}`, kind: 'device_pledged', at: r.at, value: r.count }],
)
fromDomain(
  'devices.lifecycle',
  (db, after, limit) => deviceStatFacts(db, 'steps', after, limit),
  // a device wiped twice counts once: the key is the device and the step
  (r) => (r.step ? [{ key: `dev_${r.step}:${r.deviceId}`, kind: STEP_KIND[r.step], at: r.at }] : []),
)
fromDomain(
  'devices.delivered',
  (db, after, limit) => deviceStatFacts(db, 'delivered', after, limit),
  (r) => [
    {
      key: `dev_del:${r.id}`,
      kind: 'device_delivered',
      at: r.at,
      districtCode: r.districtCode,
      personId: r.personId,
    },
  ],
)
fromDomain(
  'devices.applied',
  (db, after, limit) => deviceStatFacts(db, 'applied', after, limit),
  (r) => [{ key: `reach:${r.personId}`, kind: 'person_reached', at: r.at, personId: r.personId }],
)
fromDomain(
  'education.trained',
  (db, after, limit) => educationStatFacts(db, 'attended', after, limit),
  // trained once per enrolment, however many meetings were attended
  (r) => [
    {
      key: `trained:${r.enrolmentId}`,
      kind: 'person_trained',
      at: r.at,
      districtCode: r.districtCode,
      personId: r.personId,
    },
  ],
)
fromDomain(
  'education.certified',
  (db, after, limit) => educationStatFacts(db, 'certified', after, limit),
  (r) => [
    {
      key: `cert:${r.id}`,
      kind: 'person_certified',
      at: r.at,
      districtCode: r.districtCode,
      personId: r.personId,
    },
  ],
)
fromDomain(
  'education.enrolled',
  (db, after, limit) => educationStatFacts(db, 'enrolled', after, limit),
  (r) => [{ key: `reach:${r.personId}`, kind: 'person_reached', at: r.at, personId: r.personId }],
)
fromDomain(
  'guides.assists',
  assistStatFacts,
  (r) => [{ key: `assist:${r.id}`, kind: 'assist', at: r.at, districtCode: r.districtCode }],
  // an assist synced late from a guide's offline queue is found by the time it was written
  (r) => r.recordedAt,
)

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
