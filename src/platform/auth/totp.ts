import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'

const PERIOD = 30

/** A new random TOTP secret (base32). */
export const newTotpSecret = () => new Secret({ size: 20 }).base32

const totpFor = (secret: string, label = '', issuer = 'Gachi') =>
  new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) })

/** The otpauth:// URI an authenticator app scans. */
export const totpUri = (secret: string, label: string, issuer: string) =>
  totpFor(secret, label, issuer).toString()

/** The URI as an SVG QR code (inline, no external service). */
export const totpQrSvg = (uri: string) =>
  QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })

/** The current code (used by demo mode to show the code of demo accounts, and by tests). */
export const totpNow = (secret: string, now: Date) => totpFor(secret).generate({ timestamp: now.getTime() })

/**
 * Checks a code within ±1 time step and returns the matched step, or null. A step at or before
 * `lastStep` is refused so a code cannot be replayed.
 */
export function verifyTotp(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  const clean = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(clean)) return null
  const delta = totpFor(secret).validate({ token: clean, timestamp: now.getTime(), window: 1 })
  if (delta === null) return null
  const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta
  if (lastStep !== null && step <= lastStep) return null
  return step
}
