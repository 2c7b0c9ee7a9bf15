import { decryptOptional, encryptOptional, keyring, needsRotation } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { AAD, sealIdentity } from './present.ts'
import * as repo from './repo.ts'

const BATCH = 200

/**
 * Re-encrypts every encrypted column with the newest key (GACHI_DATA_KEYS lists it first) and
 * recomputes the keyed hashes. Safe to stop and run again; rows already on the newest key are skipped.
 * After it finishes, older keys can be removed from the configuration.
 */
export async function rotateKeys(
  db: Db,
  progress: (m: string) => void = () => {},
): Promise<{ persons: number; challenges: number }> {
  const newest = keyring().keys[0]!.id
  let persons = 0
  let after: string | null = null
  for (;;) {
    const ids = await repo.personIdsAfter(db, after, BATCH)
    if (ids.length === 0) break
    after = ids[ids.length - 1]!
    persons += await db.transaction(async (tx) => {
      let n = 0
      for (const p of await repo.lockPersons(tx, ids)) {
        if (![p.phoneEnc, p.birthDateEnc, p.addressEnc].some(needsRotation)) continue
        const phone = decryptOptional(p.phoneEnc, AAD.phone)
        const birthDate = decryptOptional(p.birthDateEnc, AAD.birthDate)
        const address = decryptOptional(p.addressEnc, AAD.address)
        const patch =
          phone && birthDate && p.name
            ? (({ name: _n, ...rest }) => rest)(sealIdentity({ name: p.name, birthDate, phone, address }))
            : {
                phoneEnc: encryptOptional(phone, AAD.phone),
                birthDateEnc: encryptOptional(birthDate, AAD.birthDate),
                addressEnc: encryptOptional(address, AAD.address),
              }
        await repo.updatePerson(tx, p.id, patch)
        n++
      }
      return n
    })
  }
  progress(`persons re-encrypted with key ${newest}: ${persons}`)
  let challenges = 0
  after = null
  for (;;) {
    const ids = await repo.challengeIdsAfter(db, after, BATCH)
    if (ids.length === 0) break
    after = ids[ids.length - 1]!
    challenges += await db.transaction(async (tx) => {
      let n = 0
      for (const c of await repo.lockChallengesById(tx, ids)) {
        if (!needsRotation(c.detailsEnc)) continue
        await repo.updateChallenge(tx, c.id, {
          detailsEnc: encryptOptional(decryptOptional(c.detailsEnc, AAD.challenge), AAD.challenge)!,
        })
        n++
      }
      return n
    })
  }
  progress(`verification codes re-encrypted: ${challenges}`)
  return { persons, challenges }
}
