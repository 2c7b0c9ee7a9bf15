import { randomBytes } from 'node:crypto'
import type { Db } from '../../platform/db/client.ts'
import * as mrepo from './manage-repo.ts'

const LINK_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
let base = ''

/**
 * The public base URL put in front of /c/{code} in texts. Services have no config, so the education
 * routes pass PUBLIC_URL here when they serve a request (see rememberPublicUrl); until then (e.g. a
 * worker-only process) the link is the path alone.
 */
export const smsLinkBase = () => base
export function rememberPublicUrl(url: string | undefined): void {
  if (url) base = url.replace(/\/+$/, '')
}

/** The person's short-link code (made once, 8 letters without look-alikes): education texts end with it. */
export async function smsLinkFor(tx: Db, personId: string, now: Date): Promise<string> {
  const known = await mrepo.smsLinkOf(tx, personId)
  if (known) return known
  const code = [...randomBytes(8)].map((b) => LINK_ALPHABET[b % LINK_ALPHABET.length]).join('')
  return mrepo.insertSmsLink(tx, { code, personId, createdAt: now })
}
