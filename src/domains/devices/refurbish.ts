import { asc, eq } from 'drizzle-orm'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { staffUsers } from '../identity/tables.ts'
import { CHECKLIST, type RefurbishInput } from './donor-schema.ts'
import * as repo from './repo.ts'
import { transitionDevice } from './service.ts'
import { refurbishments } from './tables.ts'

/**
 * Records a refurbishment — checklist, parts used and their cost, specs, grade — and moves the device
 * to "graded" in the same transaction. A device that is only "wiped" is first moved to "refurbishing"
 * (one tap on the phone instead of two). The grade and specs go on the device.
 */
export async function recordRefurbishment(
  db: Db,
  actor: Actor,
  deviceId: string,
  input: RefurbishInput,
  now: Date,
) {
  authorize(actor, 'devices:intake')
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  return db.transaction(async (tx) => {
    const device = await repo.lockDevice(tx, deviceId)
    if (!device) throw new AppError('not_found', 'devices.err.notFound')
    if (device.status !== 'wiped' && device.status !== 'refurbishing')
      throw new AppError('conflict', 'devices.err.notRefurbishing', {}, { from: device.status })
    if (device.status === 'wiped') await transitionDevice(tx, actor, deviceId, { to: 'refurbishing' }, now)
    const parts = input.parts.filter((p) => p.part)
    const partsCostKrw = parts.reduce((s, p) => s + p.costKrw, 0)
    const checklist = Object.fromEntries(CHECKLIST.map((c) => [c, input.checklist.includes(c)]))
    const specs = Object.fromEntries(Object.entries(input.specs).filter(([, v]) => v !== undefined))
    const [row] = await tx
      .insert(refurbishments)
      .values({
        deviceId,
        checklist,
        parts,
        partsCostKrw,
        grade: input.grade,
        specs,
        byId: actor.id,
        at: now,
      })
      .returning()
    await repo.updateDevice(tx, deviceId, {
      specs: { ...((device.specs as Record<string, unknown> | null) ?? {}), ...specs },
    })
    await transitionDevice(tx, actor, deviceId, { to: 'graded', grade: input.grade, note: input.note }, now)
    await audit(tx, actor, {
      entity: 'device',
      entityId: deviceId,
      action: 'refurbished',
      after: { grade: input.grade, partsCostKrw, passed: input.checklist.length, of: CHECKLIST.length },
      at: now,
    })
    return row!
  })
}

/** A device's refurbishment records with who did them (newest last). */
export async function refurbishmentsOf(db: Db, deviceId: string) {
  return db
    .select({ r: refurbishments, by: staffUsers.displayName })
    .from(refurbishments)
    .leftJoin(staffUsers, eq(staffUsers.id, refurbishments.byId))
    .where(eq(refurbishments.deviceId, deviceId))
    .orderBy(asc(refurbishments.at))
}

/** How many storage rows and parts rows the device page's forms offer. */
export const STORAGE_ROWS = 2
export const PART_ROWS = 3

const str = (values: Record<string, unknown>, k: string) => {
  const v = values[k]
  return typeof v === 'string' ? v.trim() : ''
}

/**
 * The wiped storage devices from the device page's form (storage1Kind / storage1Serial / storage1Gb, …,
 * one group per drive) as a list for the wipe record; empty groups are left out.
 */
export function storageFromForm(values: Record<string, unknown>): Record<string, string>[] | undefined {
  const out: Record<string, string>[] = []
  for (let i = 1; i <= STORAGE_ROWS; i++) {
    const kind = str(values, `storage${i}Kind`)
    const serial = str(values, `storage${i}Serial`)
    const gb = str(values, `storage${i}Gb`)
    if (!kind && !serial && !gb) continue
    out.push({ kind: kind || 'other', serial, capacityGb: gb })
  }
  return out.length ? out : undefined
}

/** Parts rows from the refurbishment form (partName1 / partCost1, …) as RefurbishInput parts. */
export function partsFromForm(values: Record<string, unknown>) {
  const out: { part: string; costKrw: string }[] = []
  for (let i = 1; i <= PART_ROWS; i++) {
    const part = str(values, `partName${i}`)
    const costKrw = str(values, `partCost${i}`)
    if (part || costKrw) out.push({ part, costKrw: costKrw || '0' })
  }
  return out
}
