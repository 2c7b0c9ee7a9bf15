import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { type Config, loadConfig } from '../../config.ts'

/**
 * Field encryption for personal data (phone numbers, addresses, dates of birth).
 *
 * - AES-256-GCM with a random 96-bit IV; the field's purpose ("person.phone") is authenticated data,
 *   so a ciphertext copied into another column does not decrypt.
 * - Stored as `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url): the key id tells which key to use,
 *   so old rows stay readable while `rotate-keys` rewrites them with the newest key.
 * - Keyed hashes ("blind indexes") for exact lookup use HMAC-SHA256 with a key derived separately
 *   (HKDF) from the same data key; lookups try every configured key so they keep working mid-rotation.
 */

export interface DataKey {
  id: string
  /** AES-256-GCM key (HKDF of the configured key). */
  enc: Buffer
  /** HMAC-SHA256 key for blind indexes and one-time-code hashes (a separate HKDF output). */
  mac: Buffer
}

export interface Keyring {
  /** Newest first. */
  keys: DataKey[]
  /** True when no keys were configured and the fixed development key is in use. */
  dev: boolean
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/
const DEV_KEY_ID = 'dev'

function derive(id: string, raw: Buffer): DataKey {
  const enc = Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), 'gachi/field-encryption/v1', 32))
  const mac = Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), 'gachi/blind-index/v1', 32))
  return { id, enc, mac }
}

/** Parses `id:base64key,id:base64key` (newest first); each key must be 32 bytes. */
export function parseDataKeys(spec: string): DataKey[] {
  const keys = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const i = part.indexOf(':')
      const id = i > 0 ? part.slice(0, i) : ''
      const raw = Buffer.from(part.slice(i + 1), 'base64')
      if (!KEY_ID.test(id))
        throw new Error('GACHI_DATA_KEYS: each key needs an id (letters, digits, _ or -) before a colon')
      if (raw.length !== 32) throw new Error(`GACHI_DATA_KEYS: key "${id}" must be 32 bytes in base64`)
      return derive(id, raw)
    })
  if (keys.length === 0) throw new Error('GACHI_DATA_KEYS: no keys given')
  if (new Set(keys.map((k) => k.id)).size !== keys.length)
    throw new Error('GACHI_DATA_KEYS: key ids must be unique')
  return keys
}

/**
 * The keyring for a configuration. Without GACHI_DATA_KEYS, demo and test mode use a fixed
 * development key (and say so once); production mode refuses (see also loadConfig).
 */
export function keyringFromConfig(
  config: Pick<Config, 'GACHI_DATA_KEYS' | 'GACHI_MODE' | 'NODE_ENV'>,
): Keyring {
  if (config.GACHI_DATA_KEYS) return { keys: parseDataKeys(config.GACHI_DATA_KEYS), dev: false }
  if (config.GACHI_MODE === 'production' && config.NODE_ENV !== 'test')
    throw new Error('GACHI_DATA_KEYS is required in production mode (see docs/security.md)')
  if (config.NODE_ENV !== 'test' && !warned) {
    warned = true
    console.warn(
      'Warning: GACHI_DATA_KEYS is not set; personal data is encrypted with a fixed development key.',
    )
  }
  return {
    keys: [
      derive(DEV_KEY_ID, createHash('sha256').update('gachi development data key — not secret').digest()),
    ],
    dev: true,
  }
}
let warned = false

let current: Keyring | null = null

/** Sets the keyring used by this process (boot, CLI, tests). */
export function useKeyring(keyring: Keyring): void {
  current = keyring
}

/** The process's keyring; loaded from the configuration on first use. */
export function keyring(): Keyring {
  current ??= keyringFromConfig(loadConfig())
  return current
}

const newest = () => keyring().keys[0]!

function keyById(id: string): DataKey {
  const k = keyring().keys.find((x) => x.id === id)
  if (!k) throw new Error(`No data key with id "${id}" is configured (GACHI_DATA_KEYS)`)
  return k
}

/** Encrypts a value for the column whose purpose is `aad` (e.g. "person.phone"). */
export function encryptField(plain: string, aad: string): string {
  const k = newest()
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', k.enc, iv)
  cipher.setAAD(Buffer.from(aad))
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return `v1.${k.id}.${iv.toString('base64url')}.${ct.toString('base64url')}`
}

/** Decrypts a value written by encryptField; throws on a wrong key, purpose or tampering. */
export function decryptField(stored: string, aad: string): string {
  const [v, id, ivText, ctText] = stored.split('.')
  if (v !== 'v1' || !id || !ivText || !ctText) throw new Error('Not an encrypted field value')
  const k = keyById(id)
  const ct = Buffer.from(ctText, 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', k.enc, Buffer.from(ivText, 'base64url'))
  decipher.setAAD(Buffer.from(aad))
  decipher.setAuthTag(ct.subarray(ct.length - 16))
  return Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]).toString('utf8')
}

/** Encrypts when given a value; null stays null. */
export const encryptOptional = (plain: string | null | undefined, aad: string) =>
  plain == null || plain === '' ? null : encryptField(plain, aad)
export const decryptOptional = (stored: string | null | undefined, aad: string) =>
  stored == null ? null : decryptField(stored, aad)

/** The id of the key a stored value was encrypted with. */
export function keyIdOf(stored: string): string | null {
  const [v, id] = stored.split('.')
  return v === 'v1' && id ? id : null
}

/** True when the value is encrypted with an older key than the newest. */
export const needsRotation = (stored: string | null | undefined) =>
  stored != null && keyIdOf(stored) !== newest().id

const mac = (k: DataKey, kind: string, normalised: string) =>
  createHmac('sha256', k.mac).update(`${kind}\u0000${normalised}`).digest('base64url')

/** Keyed hash of a normalised value with the newest key (what is stored). */
export function blindIndex(kind: string, normalised: string): string {
  return mac(newest(), kind, normalised)
}

/** Keyed hashes of a value under every configured key (what a lookup matches, mid-rotation too). */
export function blindIndexCandidates(kind: string, normalised: string): string[] {
  return keyring().keys.map((k) => mac(k, kind, normalised))
}

/** Normalises a person's name for matching: Unicode NFC, trimmed, single spaces, lower case. */
export const normaliseName = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()

/** A domain's re-encryption of its own columns; run by `npx gachi rotate-keys`. */
export type KeyRotator = (db: import('../db/client.ts').Db, progress: (m: string) => void) => Promise<number>
const rotators = new Map<string, KeyRotator>()

/** Registers a domain's re-encryption (each domain owns its encrypted columns). */
export function registerKeyRotation(name: string, rotate: KeyRotator): void {
  rotators.set(name, rotate)
}

/** Every registered re-encryption, by name. */
export function keyRotators(): ReadonlyMap<string, KeyRotator> {
  return rotators
}
