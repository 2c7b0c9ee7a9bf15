import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database } from '../db/client.ts'
import { MUST_BE_PROTECTED, PERSONAL_COLUMN, PERSONAL_DATA, PUBLIC_TABLES } from './inventory.ts'

let db: Database
let columns: string[]
beforeAll(async () => {
  db = await freshDb()
  const rows = await db.query<{ t: string; c: string }>(
    `select table_name t, column_name c from information_schema.columns where table_schema = 'public'`,
  )
  columns = rows.map((r) => `${r.t}.${r.c}`)
})
afterAll(() => db.close())

describe('personal-data inventory', () => {
  it('documents the purpose and retention of every column that can hold personal data', () => {
    const undocumented = columns.filter((tc) => {
      const [table = '', column = ''] = tc.split('.')
      return !PUBLIC_TABLES.has(table) && PERSONAL_COLUMN.test(column) && !(tc in PERSONAL_DATA)
    })
    expect(undocumented).toEqual([])
  })

  it('lists only columns that exist', () => {
    expect(Object.keys(PERSONAL_DATA).filter((tc) => !columns.includes(tc))).toEqual([])
  })

  it('keeps phone numbers, addresses and dates of birth encrypted or hashed', () => {
    const clear = Object.entries(PERSONAL_DATA)
      .filter(([tc, f]) => MUST_BE_PROTECTED.test(tc.split('.')[1] ?? '') && !f.protectedAtRest)
      .map(([tc]) => tc)
    expect(clear).toEqual([])
    for (const [tc, f] of Object.entries(PERSONAL_DATA)) {
      expect(f.purpose.length, tc).toBeGreaterThan(5)
      expect(f.retention.length, tc).toBeGreaterThan(2)
    }
  })
})
