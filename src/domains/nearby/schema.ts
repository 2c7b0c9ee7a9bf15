import { z } from 'zod'

const blank = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v)
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional())
const District = z.string().regex(/^\d{5}$/, 'nearby.error.district')
const SourceId = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'nearby.error.kind')

/** "find help near me": where from (one of at / lat+lon / q / district) and what kinds of help. */
export const NearbyInput = z
  .object({
    q: opt(z.string().max(80, 'nearby.error.tooLong')),
    district: opt(District),
    /** A spot chosen from the search's choices: `dong:…`, `station:…`, `place:…`, `district:…`. */
    at: opt(z.string().regex(/^(district|dong|station|place):[\w-]{1,40}$/, 'nearby.error.unknownSpot')),
    lat: opt(z.coerce.number().min(-90, 'nearby.error.location').max(90, 'nearby.error.location')),
    lon: opt(z.coerce.number().min(-180, 'nearby.error.location').max(180, 'nearby.error.location')),
    kinds: z.array(SourceId).max(20).default([]),
    /** How many of each kind (1–20). */
    limit: z.preprocess(blank, z.coerce.number().int().min(1).max(20).default(5)),
    /** Search radius in metres (200–20,000). */
    radius: z.preprocess(blank, z.coerce.number().int().min(200).max(20_000).default(3000)),
  })
  .refine((v) => (v.lat === undefined) === (v.lon === undefined), {
    message: 'nearby.error.location',
    path: ['lat'],
  })
export type NearbyInput = z.infer<typeof NearbyInput>

/** The JSON API's query: the same, with `kinds` as a comma-separated list. */
export const NearbyApiQuery = z
  .object({
    q: z.string().max(80).optional(),
    district: District.optional(),
    at: z.string().max(60).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lon: z.coerce.number().min(-180).max(180).optional(),
    kinds: z
      .string()
      .max(400)
      .regex(/^[a-z0-9_,-]*$/, 'nearby.error.kind')
      .optional(),
    limit: z.coerce.number().int().min(1).max(20).default(5),
    /** Search radius in metres. */
    radius: z.coerce.number().int().min(200).max(20_000).default(3000),
  })
  .meta({ description: 'Where from: `at`, or `lat`+`lon`, or `q` (a place name), or `district`.' })

export const SpotOut = z.object({
  id: z.string(),
  kind: z.enum(['district', 'dong', 'station', 'place']),
  nameKo: z.string(),
  nameEn: z.string().nullable(),
  districtCode: z.string().nullable(),
  address: z.string().nullable(),
  lat: z.number(),
  lon: z.number(),
})

export const NearbyOut = z.object({
  origin: z
    .object({
      lat: z.number(),
      lon: z.number(),
      how: z.enum(['location', 'spot', 'district']),
      nameKo: z.string(),
      nameEn: z.string(),
      districtCode: z.string().nullable(),
    })
    .nullable(),
  choices: z.array(SpotOut),
  groups: z.array(
    z.object({
      id: z.string(),
      label: z.object({ ko: z.string(), en: z.string() }),
      items: z.array(
        z.object({
          id: z.string(),
          nameKo: z.string(),
          nameEn: z.string().nullable(),
          kind: z.string().nullable(),
          lat: z.number(),
          lon: z.number(),
          districtCode: z.string().nullable(),
          address: z.string().nullable(),
          phone: z.string().nullable(),
          hoursKo: z.string().nullable(),
          hoursEn: z.string().nullable(),
          /** Made up for the demo (label it so). */
          demo: z.boolean(),
          km: z.number(),
          walkMinutes: z.number(),
        }),
      ),
    }),
  ),
})

export const LayerQuery = z.object({
  district: District.optional(),
  /** Comma-separated sub-kinds of the layer. */
  kind: z
    .string()
    .max(400)
    .regex(/^[a-z0-9_,-]*$/, 'nearby.error.kind')
    .optional(),
  /** Time-based layers (e.g. assists): the last N days; the layer's own default without it. */
  days: z.coerce.number().int().min(1).max(366).optional(),
})

export const MapPageQuery = z.object({
  layers: z
    .array(z.string().regex(/^[a-z0-9-]{1,60}$/, 'nearby.error.layer'))
    .max(40)
    .default([]),
  district: opt(District),
  kind: opt(z.string().regex(/^[a-z0-9_-]{1,60}$/, 'nearby.error.kind')),
})
export type MapPageQuery = z.infer<typeof MapPageQuery>
