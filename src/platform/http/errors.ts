import type { Params } from '../i18n/index.ts'

const STATUS = {
  validation: 422,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
} as const
export type ErrorCode = keyof typeof STATUS

/**
 * The one error type. `message` is a message-catalogue key (translated into the request's language
 * by the error handler); `fields` maps a form field to a message key for inline errors.
 */
export class AppError extends Error {
  readonly status: (typeof STATUS)[ErrorCode]
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly params: Params = {},
    options?: { cause?: unknown; fieldParams?: Record<string, Params> },
  ) {
    super(message, options)
    this.status = STATUS[code]
    this.fieldParams = options?.fieldParams ?? {}
  }
  readonly fieldParams: Record<string, Params>
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError
