import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config.ts'
import {
  blindIndex,
  blindIndexCandidates,
  decryptField,
  encryptField,
  keyIdOf,
  keyringFromConfig,
  needsRotation,
  parseDataKeys,
  useKeyring,
} from './fields.ts'

const key = () => randomBytes(32).toString('base64')
const ring = (spec: string) => ({ keys: parseDataKeys(spec), dev: false })
const devRing = keyringFromConfig({ GACHI_MODE: 'demo', NODE_ENV: 'test', GACHI_DATA_KEYS: undefined })

afterEach(() => useKeyring(devRing))

describe('field encryption', () => {
  it('round-trips, carries the key id, and never repeats a ciphertext', () => {
    useKeyring(ring(`k1:${key()}`))
    const a = encryptField('010-1234-5678', 'persons.phone')
    const b = encryptField('010-1234-5678', 'persons.phone')
    expect(a).not.toBe(b)
    expect(a.startsWith('v1.k1.')).toBe(true)
    expect(keyIdOf(a)).toBe('k1')
    expect(a).not.toContain('1234')
    expect(decryptField(a, 'persons.phone')).toBe('010-1234-5678')
  })

  it('refuses a value moved to another column or changed', () => {
    useKeyring(ring(`k1:${key()}`))
    const a = encryptField('1950-03-07', 'persons.birth_date')
    expect(() => decryptField(a, 'persons.phone')).toThrow()
    // change the second-to-last character (all of its bits are data) to a different one
    const tampered = `${a.slice(0, -2)}${a.at(-2) === 'A' ? 'B' : 'A'}${a.slice(-1)}`
    expect(tampered).not.toBe(a)
    expect(() => decryptField(tampered, 'persons.birth_date')).toThrow()
  })

  it('reads old values after a new key is added; rotation is needed only for them', () => {
    const k1 = key()
    useKeyring(ring(`k1:${k1}`))
    const old = encryptField('서울시 종로구', 'persons.address')
    const oldHash = blindIndex('phone', '01012345678')
    useKeyring(ring(`k2:${key()},k1:${k1}`))
    expect(decryptField(old, 'persons.address')).toBe('서울시 종로구')
    expect(needsRotation(old)).toBe(true)
    expect(needsRotation(encryptField('x', 'a'))).toBe(false)
    expect(blindIndexCandidates('phone', '01012345678')).toContain(oldHash)
    expect(blindIndex('phone', '01012345678')).not.toBe(oldHash)
  })

  it('validates the key configuration', () => {
    expect(() => parseDataKeys('nokey')).toThrow()
    expect(() => parseDataKeys(`a:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/)
    expect(() => parseDataKeys(`a:${key()},a:${key()}`)).toThrow(/unique/)
  })

  it('uses a fixed development key in demo/test mode and refuses production without keys', () => {
    expect(devRing.dev).toBe(true)
    expect(devRing.keys[0]!.id).toBe('dev')
    expect(() =>
      keyringFromConfig({ GACHI_MODE: 'production', NODE_ENV: 'production', GACHI_DATA_KEYS: undefined }),
    ).toThrow(/GACHI_DATA_KEYS/)
    expect(() => loadConfig({ GACHI_MODE: 'production', NODE_ENV: 'production' })).toThrow(/GACHI_DATA_KEYS/)
    expect(
      loadConfig({ GACHI_MODE: 'production', NODE_ENV: 'production', GACHI_DATA_KEYS: `k1:${key()}` })
        .GACHI_MODE,
    ).toBe('production')
  })
})
