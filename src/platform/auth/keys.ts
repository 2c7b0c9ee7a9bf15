import { createHash } from 'node:crypto'
import type { Config } from '../../config.ts'

/**
 * The newest data key from GACHI_DATA_KEYS (`id:base64key,…`, newest first). Outside production a fixed
 * development key is derived when none is configured; production refuses to run without one.
 */
export function newestDataKey(config: Config): Buffer {
  const first = config.GACHI_DATA_KEYS?.split(',')[0]?.trim()
  if (first) {
    const b64 = first.includes(':') ? first.slice(first.indexOf(':') + 1) : first
    const key = Buffer.from(b64, 'base64')
    if (key.length !== 32) throw new Error('GACHI_DATA_KEYS: each key must be 32 bytes, base64-encoded')
    return key
  }
  if (config.isProduction) throw new Error('GACHI_DATA_KEYS must be set in production (see docs/security.md)')
  return createHash('sha256').update('gachi-development-key-not-for-production').digest()
}
