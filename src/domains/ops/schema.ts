import { z } from 'zod'

export const PageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) })
export const JobsQuery = z.object({ status: z.enum(['pending', 'running', 'done', 'dead']).optional() })

/** Find by reference: what a resident reads out from a letter or text (any spacing or case). */
export const FindQuery = z.object({ ref: z.string().trim().max(40).optional() })
