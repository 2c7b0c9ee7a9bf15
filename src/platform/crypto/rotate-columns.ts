import { and, asc, eq, getTableName, gt, isNotNull } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Db } from '../db/client.ts'
import { decryptField, encryptField, keyring, needsRotation, registerKeyRotation } from './fields.ts'

/** One encrypted column: its table, the row id, the column and the authenticated data it was sealed with. */
export interface EncryptedColumn {
  table: PgTable
  id: PgColumn
  column: PgColumn
  aad: string
}

const BATCH = 200

/** `table.column` as the privacy inventory names it. */
export const columnKey = (c: EncryptedColumn) => `${getTableName(c.table)}.${c.column.name}`

const registered: EncryptedColumn[] = []

/** The columns registered for re-encryption (the privacy test checks every encrypted column is one). */
export const rotatedColumns = (): readonly EncryptedColumn[] => registered

/**
 * Re-encrypts one column with the newest key, in batches by id; a row changed meanwhile (its value is no
 * longer the one read) is left for the next run. Returns the rows rewritten.
 */
export async function rotateColumn(db: Db, c: EncryptedColumn): Promise<number> {
  let after: string | null = null
  let n = 0
  for (;;) {
    const rows = (await db
      .select({ id: c.id, value: c.column })
      .from(c.table)
      .where(and(isNotNull(c.column), after === null ? undefined : gt(c.id, after)))
      .orderBy(asc(c.id))
      .limit(BATCH)) as { id: string; value: string }[]
    if (rows.length === 0) return n
    after = rows[rows.length - 1]!.id
    for (const r of rows) {
      if (!needsRotation(r.value)) continue
      const fresh = encryptField(decryptField(r.value, c.aad), c.aad)
      const done = await db
        .update(c.table)
        .set({ [keyOf(c)]: fresh })
        .where(and(eq(c.id, r.id), eq(c.column, r.value)))
        .returning({ id: c.id })
      n += done.length
    }
  }
}

/** The table's property name of the column (drizzle's update takes property names, not SQL names). */
function keyOf(c: EncryptedColumn): string {
  const columns = c.table as unknown as Record<string, unknown>
  const key = Object.keys(columns).find((k) => columns[k] === c.column)
  if (!key) throw new Error(`column ${columnKey(c)} is not a property of its table`)
  return key
}

/** A domain registers its encrypted columns once; `npx gachi rotate-keys` re-encrypts them. */
export function registerEncryptedColumns(name: string, columns: EncryptedColumn[]): void {
  registered.push(...columns)
  registerKeyRotation(name, async (db, progress) => {
    let total = 0
    for (const c of columns) {
      const n = await rotateColumn(db, c)
      progress(`${columnKey(c)} re-encrypted with key ${keyring().keys[0]!.id}: ${n}`)
      total += n
    }
    return total
  })
}
