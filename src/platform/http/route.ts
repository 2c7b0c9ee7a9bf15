import type { ZodType, z } from 'zod'
import type { Access } from '../auth/permissions.ts'
import type { Ctx } from './context.ts'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One HTTP route with the access it needs. Every route of the app is one of these. */
export interface RouteSpec {
  kind: 'api' | 'page'
  method: Method
  path: string
  access: Access
  summary: string
  tags: string[]
  body?: ZodType
  query?: ZodType
  response?: ZodType
  /** Status of the success response for the OpenAPI document. */
  status?: number
  handle: (c: Ctx, input: { body: unknown; query: unknown }) => Response | Promise<Response>
}

type Input<B, Q> = {
  body: B extends ZodType ? z.infer<B> : undefined
  query: Q extends ZodType ? z.infer<Q> : undefined
}

/** Declares a JSON API route under /api/v1. Body (JSON) and query are parsed with their Zod schemas first. */
export function api<
  B extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
>(spec: {
  method: Method
  path: string
  access: Access
  summary: string
  tags?: string[]
  body?: B
  query?: Q
  response?: ZodType
  status?: number
  handle: (c: Ctx, input: Input<B, Q>) => Response | Promise<Response>
}): RouteSpec {
  return {
    ...spec,
    kind: 'api',
    tags: spec.tags ?? [],
    handle: spec.handle as RouteSpec['handle'],
  } as RouteSpec
}

/** Declares an HTML page route. Forms parse their own body (to re-render with errors and typed values). */
export function page<Q extends ZodType | undefined = undefined>(spec: {
  method: Method
  path: string
  access: Access
  summary?: string
  query?: Q
  handle: (c: Ctx, input: Input<undefined, Q>) => Response | Promise<Response>
}): RouteSpec {
  return {
    ...spec,
    kind: 'page',
    summary: spec.summary ?? spec.path,
    tags: [],
    handle: spec.handle as RouteSpec['handle'],
  } as RouteSpec
}
