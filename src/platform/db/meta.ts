import { eq } from 'drizzle-orm'
import type { Db } from './client.ts'
import { appMeta } from './tables.ts'

export async function getMeta(db: Db, key: string): Promise<string | null> {
  const [r] = await db.select().from(appMeta).where(eq(appMeta.key, key)).limit(1)
  return r?.value ?? null
}

export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db
    .insert(appMeta)
    .values({ key, value })
    .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: new Date() } })
}
