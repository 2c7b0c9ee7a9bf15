/**
 * `npx gachi rotate-keys` covers every encrypted column of every domain: people and identity rotate their
 * own (with keyed hashes), the others register their columns (platform/crypto/rotate-columns.ts).
 */
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { PledgeInput } from '../src/domains/devices/schema.ts'
import { createPledge, PICKUP_AAD } from '../src/domains/devices/service.ts'
import {
  decryptField,
  keyRotators,
  keyring,
  parseDataKeys,
  useKeyring,
} from '../src/platform/crypto/fields.ts'
import { columnKey, rotatedColumns } from '../src/platform/crypto/rotate-columns.ts'
import type { Database } from '../src/platform/db/client.ts'
import { PERSONAL_DATA } from '../src/platform/privacy/inventory.ts'
import { freshDb } from './fresh-db.ts'

/** Rotated by people (persons, verification codes) and identity (second-factor secrets) themselves. */
const OWN_ROTATION = [
  'persons.phone_enc',
  'persons.birth_date_enc',
  'persons.address_enc',
  'verification_challenges.details_enc',
  'staff_users.totp_secret_enc',
]

describe('key rotation', () => {
  let database: Database | undefined
  afterAll(async () => database?.close())

  it('every encrypted column in the personal-data inventory is re-encrypted by rotate-keys', () => {
    registerDomains()
    const encrypted = Object.entries(PERSONAL_DATA)
      .filter(([k, f]) => f.protectedAtRest && !k.endsWith('_hash'))
      .map(([k]) => k)
    const covered = new Set([...OWN_ROTATION, ...rotatedColumns().map(columnKey)])
    expect(encrypted.filter((k) => !covered.has(k))).toEqual([])
    expect(encrypted).toContain('device_allocations.delivery_address_enc')
  })

  it('a registered column is rewritten with the newest key, once, and still reads after the old key is gone', async () => {
    registerDomains()
    database = await freshDb()
    const db = database.db
    const before = keyring()
    const k1 = `k1:${randomBytes(32).toString('base64')}`
    const k2 = `k2:${randomBytes(32).toString('base64')}`
    try {
      useKeyring({ keys: parseDataKeys(k1), dev: false })
      const input = PledgeInput.parse({
        donorKind: 'individual',
        name: '홍길동',
        contact: '010-1234-5678',
        deviceType: 'laptop',
        count: '1',
        ageYears: '3',
        condition: '작동함',
        handover: 'pickup',
        pickupAddress: '종로구 세종대로 1',
        consentDataDestruction: 'yes',
      })
      await createPledge(db, { kind: 'anonymous' }, input, new Date())
      const stored = async () =>
        (await database!.query<{ pickup_address: string }>('select pickup_address from device_pledges'))[0]!
          .pickup_address
      expect((await stored()).startsWith('v1.k1.')).toBe(true)
      useKeyring({ keys: parseDataKeys(`${k2},${k1}`), dev: false })
      const rotate = keyRotators().get('device pickup and delivery addresses')!
      expect(await rotate(db, () => {})).toBe(1)
      expect((await stored()).startsWith('v1.k2.')).toBe(true)
      expect(await rotate(db, () => {})).toBe(0)
      useKeyring({ keys: parseDataKeys(k2), dev: false }) // the old key is gone
      expect(decryptField(await stored(), PICKUP_AAD)).toBe('종로구 세종대로 1')
    } finally {
      useKeyring(before)
    }
  })
})
