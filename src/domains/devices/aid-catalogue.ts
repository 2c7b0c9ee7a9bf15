import { z } from 'zod'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import type { Locale } from '../../platform/i18n/index.ts'
import { noRrn } from '../../platform/validation.ts'
import type { CatalogueRow } from './aid-repo.ts'
import * as aidRepo from './aid-repo.ts'
import { AID_CATEGORIES } from './tables.ts'

/**
 * The assistive-device catalogue as data: the programme manager adds an item, changes a price,
 * withdraws an item or offers a withdrawn item again (reinstates it), each with a reason; every change is
 * kept (who, when, old → new, why) and audited. An
 * application copies the price it was computed from, so a change never touches existing applications.
 */

const text = (max: number, required: string) =>
  noRrn(
    z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : v),
      z.string(required).min(1, required).max(max, 'devices.err.tooLong'),
    ),
  )
const Price = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.replace(/[,\s원₩]/g, '')) : v),
  z
    .number('devices.catalogue.err.price')
    .int('devices.catalogue.err.price')
    .min(1_000, 'devices.catalogue.err.price')
    .max(50_000_000, 'devices.catalogue.err.price'),
)
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

export const CatalogueAddInput = z.object({
  /** A stable code for the item (lower-case letters, digits, _); made from the time when left out. */
  code: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[a-z][a-z0-9_]{2,39}$/, 'devices.catalogue.err.code')
      .optional(),
  ),
  category: z.enum(AID_CATEGORIES, 'devices.catalogue.err.category'),
  labelKo: text(60, 'devices.catalogue.err.labelKo'),
  labelEn: text(60, 'devices.catalogue.err.labelEn'),
  priceKrw: Price,
  reason: noRrn(z.preprocess(blank, z.string().trim().max(300, 'devices.err.tooLong').optional())),
})
export type CatalogueAddInput = z.infer<typeof CatalogueAddInput>

/**
 * A price change, a withdrawal or a reinstatement (a withdrawn item offered again, optionally at a new
 * price); each needs a reason.
 */
export const CatalogueChangeInput = z
  .object({
    action: z.enum(['price', 'withdraw', 'reinstate'], 'devices.catalogue.err.action'),
    priceKrw: z.preprocess(blank, Price.optional()),
    reason: text(300, 'devices.catalogue.err.reason'),
  })
  .refine((c) => c.action !== 'price' || c.priceKrw !== undefined, {
    path: ['priceKrw'],
    message: 'devices.catalogue.err.price',
  })
export type CatalogueChangeInput = z.infer<typeof CatalogueChangeInput>

/** The item's name in the reader's language. */
export const labelOf = (item: Pick<CatalogueRow, 'labelKo' | 'labelEn'>, locale: Locale) =>
  locale === 'ko' ? item.labelKo : item.labelEn

/** Items that can be applied for (not withdrawn), in listing order. */
export const activeCatalogue = (db: Db) => aidRepo.catalogueItems(db, false)
/** Every item, withdrawn ones too (staff pages, names of older applications). */
export const wholeCatalogue = (db: Db) => aidRepo.catalogueItems(db, true)

/** The catalogue with its change history (programme manager). */
export async function catalogueWithHistory(db: Db, actor: Actor) {
  authorize(actor, 'devices:catalogue')
  const [items, changes] = await Promise.all([wholeCatalogue(db), aidRepo.catalogueChanges(db)])
  return { items, changes }
}

const staffName = (actor: Actor) => (actor.kind === 'staff' ? actor.name : 'system')
const staffId = (actor: Actor) => (actor.kind === 'staff' ? actor.id : null)

/** Adds an item to the catalogue; a code already used is 409. */
export async function addCatalogueItem(db: Db, actor: Actor, input: CatalogueAddInput, now: Date) {
  authorize(actor, 'devices:catalogue')
  const code = input.code ?? `item_${now.getTime().toString(36)}`
  return db.transaction(async (tx) => {
    const item = await aidRepo.insertCatalogueItem(tx, {
      code,
      category: input.category,
      labelKo: input.labelKo,
      labelEn: input.labelEn,
      priceKrw: input.priceKrw,
      createdAt: now,
      updatedAt: now,
    })
    if (!item)
      throw new AppError('conflict', 'devices.catalogue.err.codeTaken', {
        code: 'devices.catalogue.err.codeTaken',
      })
    await aidRepo.insertCatalogueChange(tx, {
      itemCode: code,
      action: 'added',
      newPriceKrw: input.priceKrw,
      reason: input.reason ?? null,
      changedBy: staffId(actor),
      changedByName: staffName(actor),
      changedAt: now,
    })
    await audit(tx, actor, {
      entity: 'device_aid_catalogue',
      entityId: code,
      action: 'catalogue.added',
      after: { priceKrw: input.priceKrw, category: input.category },
      at: now,
    })
    return item
  })
}

/**
 * Changes an item's price, withdraws it or reinstates a withdrawn item (at its last price, or at a new
 * one when given), with the reason, under the item's row lock. Applications already made keep the price
 * they were computed from; a withdrawn item is no longer offered or accepted until it is reinstated.
 */
export async function changeCatalogueItem(
  db: Db,
  actor: Actor,
  code: string,
  input: CatalogueChangeInput,
  now: Date,
) {
  authorize(actor, 'devices:catalogue')
  return db.transaction(async (tx) => {
    const item = await aidRepo.lockCatalogueItem(tx, code)
    if (!item) throw new AppError('not_found', 'devices.catalogue.err.notFound')
    const { action } = input
    if (action === 'reinstate') {
      if (!item.withdrawnAt)
        throw new AppError('conflict', 'devices.catalogue.err.notWithdrawn', {
          code: 'devices.catalogue.err.notWithdrawn',
        })
    } else if (item.withdrawnAt) throw new AppError('conflict', 'devices.catalogue.err.withdrawn')
    const newPrice =
      action === 'withdraw' ? null : action === 'price' ? input.priceKrw! : (input.priceKrw ?? item.priceKrw)
    if (action === 'price' && newPrice === item.priceKrw)
      throw new AppError('validation', 'devices.catalogue.err.samePrice', {
        priceKrw: 'devices.catalogue.err.samePrice',
      })
    const set =
      action === 'withdraw'
        ? { withdrawnAt: now, updatedAt: now }
        : action === 'price'
          ? { priceKrw: newPrice!, updatedAt: now }
          : { withdrawnAt: null, priceKrw: newPrice!, updatedAt: now }
    await aidRepo.updateCatalogueItem(tx, code, set)
    const change = await aidRepo.insertCatalogueChange(tx, {
      itemCode: code,
      action: action === 'withdraw' ? 'withdrawn' : action === 'price' ? 'price' : 'reinstated',
      oldPriceKrw: item.priceKrw,
      newPriceKrw: newPrice,
      reason: input.reason,
      changedBy: staffId(actor),
      changedByName: staffName(actor),
      changedAt: now,
    })
    await audit(tx, actor, {
      entity: 'device_aid_catalogue',
      entityId: code,
      action:
        action === 'withdraw'
          ? 'catalogue.withdrawn'
          : action === 'price'
            ? 'catalogue.price'
            : 'catalogue.reinstated',
      before:
        action === 'reinstate' ? { priceKrw: item.priceKrw, withdrawn: true } : { priceKrw: item.priceKrw },
      after:
        action === 'withdraw'
          ? { withdrawn: true, reason: input.reason }
          : action === 'price'
            ? { priceKrw: newPrice, reason: input.reason }
            : { withdrawn: false, priceKrw: newPrice, reason: input.reason },
      at: now,
    })
    const after: CatalogueRow = { ...item, ...set }
    return { item: after, change }
  })
}
