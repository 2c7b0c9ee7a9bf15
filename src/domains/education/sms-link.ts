import { randomBytes } from 'node:crypto'
import type { Db } from '../../platform/db/client.ts'
import { publicUrl, setPublicUrl } from '../../platform/public-url.ts'
import * as mrepo from './manage-repo.ts'

const LINK_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/**
 * The public base URL put in front of /c/{code} in texts: PUBLIC_URL, set at start for the app and the
 * worker alike (src/platform/public-url.ts); without it the link is the path alone.
 */
export const smsLinkBase = () => publicUrl()
/** Kept for the routes that pass PUBLIC_URL on each request; the start-up setting makes it redundant. */
export function rememberPublicUrl(url: string | undefined): void {
  setPublicUrl(url)
}

/** The person's short-link code (made once, 8 letters without look-alikes): education texts end with it. */
export async function smsLinkFor(tx: Db, personId: string, now: Date): Promise<string> {
  const known = await mrepo.smsLinkOf(tx, personId)
  if (known) return known
  const code = [...randomBytes(8)].map((b) => LINK_ALPHABET[b % LINK_ALPHABET.length]).join('')
  return mrepo.insertSmsLink(tx, { code, personId, createdAt: now })
}
