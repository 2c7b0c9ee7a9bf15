import { z } from 'zod'

export const PLACE_KINDS = [
  'community_service_center',
  'senior_welfare_center',
  'social_welfare_center',
  'disability_welfare_center',
  'digital_learning_center',
  'lifelong_learning_center',
  'fifty_plus_center',
  'library',
  'senior_hall',
  'senior_gathering_place',
  'public_office',
  'subway_station',
] as const

export const PlacesQuery = z.object({
  district: z
    .string()
    .regex(/^\d{5}$/, 'reference.badDistrict')
    .optional(),
  kind: z.enum(PLACE_KINDS).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  perPage: z.coerce.number().int().min(1).max(200).default(50),
})
export type PlacesQuery = z.infer<typeof PlacesQuery>

export const District = z.object({
  code: z.string(),
  nameKo: z.string(),
  nameEn: z.string(),
  lat: z.number(),
  lon: z.number(),
  population: z.number().nullable(),
  population65: z.number().nullable(),
  share65: z.number().nullable(),
  seniorsLivingAlone: z.number().nullable(),
})

export const Place = z.object({
  id: z.string(),
  kind: z.string(),
  nameKo: z.string(),
  nameEn: z.string().nullable(),
  districtCode: z.string().nullable(),
  address: z.string().nullable(),
  lat: z.number(),
  lon: z.number(),
  phone: z.string().nullable(),
  note: z.string().nullable(),
})
