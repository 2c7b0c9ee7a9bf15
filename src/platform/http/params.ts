import type { Ctx } from './context.ts'
import { AppError } from './errors.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** True for a UUID: check an id before it reaches SQL, so a made-up id is "not found", never a database error. */
export const isUuid = (s: string) => UUID.test(s)

/** A path parameter that must be a UUID; anything else answers 404 with `notFoundKey`. */
export function uuidParam(c: Ctx, name = 'id', notFoundKey = 'error.notFound'): string {
  const id = c.req.param(name) ?? ''
  if (!isUuid(id)) throw new AppError('not_found', notFoundKey)
  return id
}
