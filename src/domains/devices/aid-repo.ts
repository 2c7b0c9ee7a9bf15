import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import {
  type AidKind,
  aidApplications,
  aidCatalogue,
  aidCatalogueChanges,
  applications,
  documentChecks,
} from './tables.ts'

/**
 * The SQL of assistive-device / internet-fee support (aid.ts, aid-supply.ts), its document checks and the
 * assistive-device catalogue (aid-catalogue.ts). Services own the transactions and pass `tx` in.
 */

export type AidRow = typeof aidApplications.$inferSelect
export type CatalogueRow = typeof aidCatalogue.$inferSelect
export type CatalogueChangeRow = typeof aidCatalogueChanges.$inferSelect

// ── aid applications ──────────────────────────────────────────────────────────────────────────

export const aidByKey = async (tx: Db, key: string) =>
  (await tx.select().from(aidApplications).where(eq(aidApplications.idempotencyKey, key)))[0] ?? null

/** The person's applications of this kind that are still open (submitted or approved). */
export const openAidOf = (tx: Db, personId: string, kind: AidKind) =>
  tx
    .select({ id: aidApplications.id })
    .from(aidApplications)
    .where(
      and(
        eq(aidApplications.personId, personId),
        eq(aidApplications.kind, kind),
        inArray(aidApplications.status, ['submitted', 'approved']),
      ),
    )

/** Inserts an application; null when its idempotency key was taken meanwhile. */
export const insertAid = async (tx: Db, v: typeof aidApplications.$inferInsert) =>
  (await tx.insert(aidApplications).values(v).onConflictDoNothing().returning())[0] ?? null

export const aidOfPerson = (db: Db, personId: string) =>
  db
    .select()
    .from(aidApplications)
    .where(eq(aidApplications.personId, personId))
    .orderBy(desc(aidApplications.createdAt))

/** Newest 500 applications; only those one staff member entered when `createdBy` is given. */
export const listAidRows = (db: Db, createdBy: string | null) =>
  db
    .select()
    .from(aidApplications)
    .where(createdBy === null ? undefined : eq(aidApplications.createdBy, createdBy))
    .orderBy(desc(aidApplications.createdAt))
    .limit(500)

export const getAid = async (db: Db, id: string) =>
  (await db.select().from(aidApplications).where(eq(aidApplications.id, id)))[0] ?? null

/** Locks an application row until the transaction ends (no check-then-act gap). */
export const lockAid = async (tx: Db, id: string) =>
  (await tx.select().from(aidApplications).where(eq(aidApplications.id, id)).for('update'))[0] ?? null

export const updateAid = (tx: Db, id: string, set: Partial<typeof aidApplications.$inferInsert>) =>
  tx.update(aidApplications).set(set).where(eq(aidApplications.id, id))

// ── document checks ───────────────────────────────────────────────────────────────────────────

/** A computer application (for the scope check before a document check). */
export const deviceApplication = async (tx: Db, id: string) =>
  (await tx.select().from(applications).where(eq(applications.id, id)))[0] ?? null

/** The listed priority score of a computer application (kept current after document checks). */
export const setDeviceApplicationScore = (tx: Db, id: string, score: number) =>
  tx.update(applications).set({ score }).where(eq(applications.id, id))

/** The document checks of computer applications (approved ones, or one person's), oldest first. */
export const deviceChecksWhere = (db: Db, where: { approved: true } | { personId: string }) =>
  db
    .select({
      applicationId: documentChecks.applicationId,
      document: documentChecks.document,
      result: documentChecks.result,
    })
    .from(documentChecks)
    .innerJoin(
      applications,
      and(
        eq(applications.id, documentChecks.applicationId),
        'approved' in where ? eq(applications.status, 'approved') : eq(applications.personId, where.personId),
      ),
    )
    .where(eq(documentChecks.applicationKind, 'device'))
    .orderBy(asc(documentChecks.id))

export const checksOf = (db: Db, applicationId: string) =>
  db
    .select()
    .from(documentChecks)
    .where(eq(documentChecks.applicationId, applicationId))
    .orderBy(documentChecks.id)

export const insertCheck = async (tx: Db, v: typeof documentChecks.$inferInsert) =>
  (await tx.insert(documentChecks).values(v).returning())[0]!

// ── the assistive-device catalogue ────────────────────────────────────────────────────────────

/** Catalogue items in listing order; withdrawn ones only when asked for. */
export const catalogueItems = (db: Db, withWithdrawn: boolean) =>
  db
    .select()
    .from(aidCatalogue)
    .where(withWithdrawn ? undefined : isNull(aidCatalogue.withdrawnAt))
    .orderBy(asc(aidCatalogue.position))

export const catalogueItem = async (db: Db, code: string) =>
  (await db.select().from(aidCatalogue).where(eq(aidCatalogue.code, code)))[0] ?? null

export const lockCatalogueItem = async (tx: Db, code: string) =>
  (await tx.select().from(aidCatalogue).where(eq(aidCatalogue.code, code)).for('update'))[0] ?? null

/** Inserts an item; null when the code is taken. */
export const insertCatalogueItem = async (tx: Db, v: typeof aidCatalogue.$inferInsert) =>
  (await tx.insert(aidCatalogue).values(v).onConflictDoNothing().returning())[0] ?? null

export const updateCatalogueItem = (tx: Db, code: string, set: Partial<typeof aidCatalogue.$inferInsert>) =>
  tx.update(aidCatalogue).set(set).where(eq(aidCatalogue.code, code))

export const insertCatalogueChange = async (tx: Db, v: typeof aidCatalogueChanges.$inferInsert) =>
  (await tx.insert(aidCatalogueChanges).values(v).returning())[0]!

/** The catalogue's change history, newest first. */
export const catalogueChanges = (db: Db, limit = 500) =>
  db.select().from(aidCatalogueChanges).orderBy(desc(aidCatalogueChanges.id)).limit(limit)
