/**
 * The address residents reach Gachi at (PUBLIC_URL), for links in texts and letters. Services have no
 * config, so the app and the worker set it once at start; without PUBLIC_URL links are paths alone.
 */
let base = ''

export function setPublicUrl(url: string | undefined): void {
  if (url) base = url.replace(/\/+$/, '')
}

/** The public base URL without a trailing slash, or '' when PUBLIC_URL is not set. */
export const publicUrl = () => base
