import pino, { type Logger } from 'pino'

/** Keys whose values never reach the logs (personal data and secrets). */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'phone',
  '*.phone',
  'birthDate',
  '*.birthDate',
  'address',
  '*.address',
  'name',
  '*.name',
  'email',
  '*.email',
  'code',
  '*.code',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
]

/** Structured JSON logs; personal data redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'gachi' } },
    destination,
  )
}
