import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

const Localized = z.object({ ko: z.string(), en: z.string() })
const CityProfile = z.object({
  code: z.string(),
  name: Localized,
  helpPhone: z.string(),
  helpPhoneName: Localized,
  timezone: z.string(),
  center: z.object({ lat: z.number(), lon: z.number() }),
  /** Reference data files of this city, by role. */
  files: z.object({
    districtSummary: z.string(),
    districtBoundaries: z.string(),
    communityPlaces: z.string(),
    libraries: z.string(),
    subwayStations: z.string(),
  }),
})
export type CityProfile = z.infer<typeof CityProfile>

export const DATA_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../data')

const cache = new Map<string, CityProfile>()

/** The city profile (data/<city>/city.json): nothing in code assumes Seoul. */
export function cityProfile(code: string): CityProfile {
  let p = cache.get(code)
  if (!p) {
    p = CityProfile.parse(JSON.parse(readFileSync(join(DATA_ROOT, code, 'city.json'), 'utf8')))
    cache.set(code, p)
  }
  return p
}

export function cityDataPath(code: string, file: string): string {
  return join(DATA_ROOT, code, file)
}
