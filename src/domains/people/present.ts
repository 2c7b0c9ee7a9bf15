import { blindIndex, decryptOptional, encryptOptional, normaliseName } from '../../platform/crypto/fields.ts'
import { maskPhone } from './policy.ts'
import type { PersonRow } from './repo.ts'
import type { PersonView } from './schema.ts'

/** Purposes bound into each ciphertext (AES-GCM additional data): a value only decrypts in its own column. */
export const AAD = {
  phone: 'persons.phone',
  birthDate: 'persons.birth_date',
  address: 'persons.address',
  challenge: 'verification_challenges.details',
} as const

/** Blind-index kinds. */
export const IDX = { phone: 'phone', nameBirth: 'name+birth', ip: 'ip' } as const
export const nameBirthKey = (name: string, birthDate: string) => `${normaliseName(name)}|${birthDate}`

/** The encrypted and hashed columns of a person's identity details. */
export function sealIdentity(d: { name: string; birthDate: string; phone: string; address?: string | null }) {
  return {
    name: d.name.normalize('NFC').trim().replace(/\s+/g, ' '),
    birthDateEnc: encryptOptional(d.birthDate, AAD.birthDate),
    phoneEnc: encryptOptional(d.phone, AAD.phone),
    addressEnc: encryptOptional(d.address ?? null, AAD.address),
    phoneHash: blindIndex(IDX.phone, d.phone),
    nameBirthHash: blindIndex(IDX.nameBirth, nameBirthKey(d.name, d.birthDate)),
  }
}

/** A person's record with the personal data decrypted (whitelisted fields only). */
export function presentPerson(p: PersonRow): PersonView {
  return {
    id: p.id,
    name: p.name,
    birthDate: decryptOptional(p.birthDateEnc, AAD.birthDate),
    phone: decryptOptional(p.phoneEnc, AAD.phone),
    address: decryptOptional(p.addressEnc, AAD.address),
    districtCode: p.districtCode,
    preferredLanguage: p.preferredLanguage,
    createdChannel: p.createdChannel,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    lastActivityAt: p.lastActivityAt.toISOString(),
  }
}

/** A search-result line: name, birth year and a masked phone number. */
export function presentSummary(p: PersonRow) {
  const birth = decryptOptional(p.birthDateEnc, AAD.birthDate)
  return {
    id: p.id,
    name: p.name,
    birthYear: birth ? birth.slice(0, 4) : null,
    phoneMasked: maskPhone(decryptOptional(p.phoneEnc, AAD.phone)),
  }
}
