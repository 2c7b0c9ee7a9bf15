import { and, asc, eq } from 'drizzle-orm'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { deviceValue } from './rules.ts'
import { DEVICE_TYPES, type DeviceType, GRADES, type Grade, valuations } from './tables.ts'

/** The age bands of the valuation table (upper bound in years, inclusive); the last one is "older". */
export const AGE_BANDS = [2, 4, 6, 99] as const
export type AgeBand = (typeof AGE_BANDS)[number]

export const bandOf = (ageYears: number): AgeBand => AGE_BANDS.find((b) => ageYears <= b) ?? 99

export interface ValuationCell {
  type: DeviceType
  maxAgeYears: AgeBand
  grade: Grade
  valueKrw: number
  /** True when staff changed this cell; false when it is still the programme's default. */
  edited: boolean
  updatedAt: Date | null
}

/** The whole table: every type × age band × grade, the stored value or the default from rules.ts. */
export async function valuationTable(db: Db): Promise<ValuationCell[]> {
  const stored = await db.select().from(valuations).orderBy(asc(valuations.type))
  const key = (t: string, a: number, g: string) => `${t}|${a}|${g}`
  const byKey = new Map(stored.map((r) => [key(r.type, r.maxAgeYears, r.grade), r]))
  const out: ValuationCell[] = []
  for (const type of DEVICE_TYPES)
    for (const maxAgeYears of AGE_BANDS)
      for (const grade of GRADES) {
        const s = byKey.get(key(type, maxAgeYears, grade))
        out.push({
          type,
          maxAgeYears,
          grade,
          valueKrw: s?.valueKrw ?? deviceValue(type, maxAgeYears, grade),
          edited: !!s,
          updatedAt: s?.updatedAt ?? null,
        })
      }
  return out
}

/**
 * A valuation function reading the table once (for a receipt's devices): type, age and grade → KRW.
 * Ungraded devices count as grade C, as in the default rule.
 */
export async function valuer(
  db: Db,
): Promise<(type: DeviceType, ageYears: number, grade: Grade | null) => number> {
  const table = await valuationTable(db)
  const m = new Map(table.map((c) => [`${c.type}|${c.maxAgeYears}|${c.grade}`, c.valueKrw]))
  return (type, ageYears, grade) => m.get(`${type}|${bandOf(ageYears)}|${grade ?? 'C'}`) ?? 0
}

/** Staff change one cell of the valuation table; the reason and the old and new values go to the audit trail. */
export async function setValuation(
  db: Db,
  actor: Actor,
  input: { type: DeviceType; maxAgeYears: AgeBand; grade: Grade; valueKrw: number; reason: string },
  now: Date,
) {
  authorize(actor, 'devices:valuation')
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  return db.transaction(async (tx) => {
    const before = (await valuationTable(tx)).find(
      (c) => c.type === input.type && c.maxAgeYears === input.maxAgeYears && c.grade === input.grade,
    )!
    await tx
      .insert(valuations)
      .values({
        type: input.type,
        maxAgeYears: input.maxAgeYears,
        grade: input.grade,
        valueKrw: input.valueKrw,
        updatedBy: actor.id,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [valuations.type, valuations.maxAgeYears, valuations.grade],
        set: { valueKrw: input.valueKrw, updatedBy: actor.id, updatedAt: now },
      })
    await audit(tx, actor, {
      entity: 'device_valuation',
      entityId: `${input.type}/${input.maxAgeYears}/${input.grade}`,
      action: 'valuation.changed',
      before: { valueKrw: before.valueKrw },
      after: { valueKrw: input.valueKrw, reason: input.reason },
      at: now,
    })
    const [row] = await tx
      .select()
      .from(valuations)
      .where(
        and(
          eq(valuations.type, input.type),
          eq(valuations.maxAgeYears, input.maxAgeYears),
          eq(valuations.grade, input.grade),
        ),
      )
    return { before: before.valueKrw, after: row!.valueKrw }
  })
}
