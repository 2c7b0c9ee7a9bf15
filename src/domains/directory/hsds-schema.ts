import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { HSDS_30_SCHEMA } from './hsds-3.0-schema.ts'

/**
 * Validation of HSDS packages with JSON Schema (Ajv 8), as opposed to our own Zod model of the fields we
 * read. Two sources: the published Open Referral HSDS 3.0 schema files, when an operator provides them
 * (HSDS_SCHEMA_DIR: a folder holding the specification's schema/*.json; they are not shipped with Gachi),
 * and otherwise Gachi's own transcription of the same facts (hsds-3.0-schema.ts). Every problem says
 * which one was used.
 */

export const PUBLISHED = 'HSDS 3.0 (published files)'
export const TRANSCRIPTION = "HSDS 3.0 (Gachi's transcription)"
type SchemaSource = typeof PUBLISHED | typeof TRANSCRIPTION

/** Frictionless Table Schema keywords in the published files: annotations, no JSON Schema meaning. */
const ANNOTATIONS = [
  'name',
  'path',
  'mediatype',
  'profile',
  'order',
  'constraints',
  'example',
  'core',
  'tabular_required',
  'datapackage_type',
]

// why: ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats =
  (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule

type Kind = 'organization' | 'service' | 'location' | 'service_at_location' | 'address' | 'accessibility'
const KINDS: Kind[] = [
  'organization',
  'service',
  'location',
  'service_at_location',
  'address',
  'accessibility',
]

interface Validators {
  source: SchemaSource
  fns: Record<Kind, ValidateFunction>
  /**
   * The published snapshot names a location's arrays `addresss`/`accessibilitys` (generated plurals), so
   * the items of the documented `addresses`/`accessibility` are checked one by one there. Our
   * transcription uses the documented names and checks them inside the location.
   */
  checkLocationItems: boolean
}

let bundled: Validators | undefined
const published = new Map<string, Validators>()

function bundledValidators(): Validators {
  if (bundled) return bundled
  const ajv = new Ajv({ allErrors: true, strict: true })
  addFormats(ajv, ['uri', 'email'])
  ajv.addSchema(HSDS_30_SCHEMA)
  const get = (k: Kind) => {
    const v = ajv.getSchema(`${HSDS_30_SCHEMA.$id}#/definitions/${k}`)
    if (!v) throw new Error(`HSDS transcription has no ${k}`)
    return v
  }
  bundled = {
    source: TRANSCRIPTION,
    fns: Object.fromEntries(KINDS.map((k) => [k, get(k)])) as Record<Kind, ValidateFunction>,
    checkLocationItems: false,
  }
  return bundled
}

/** Loads the published schema/*.json from an operator's folder (once per folder). */
function publishedValidators(dir: string): Validators {
  const cached = published.get(dir)
  if (cached) return cached
  // Unknown keywords still fail (strictSchema); strictTypes is off only because the files put the
  // Frictionless `format: csv` on objects.
  const ajv = new Ajv({ allErrors: true, strictSchema: true, strictTypes: false })
  addFormats(ajv, ['uri', 'email'])
  ajv.addVocabulary(ANNOTATIONS)
  // `csv` (on each object) and `%Y` (on a number) are Frictionless formats with nothing to check in JSON.
  ajv.addFormat('csv', true)
  ajv.addFormat('%Y', true)
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')))
    ajv.addSchema(JSON.parse(readFileSync(join(dir, f), 'utf8')) as object, f)
  const get = (k: Kind) => {
    const v = ajv.getSchema(`${k}.json`)
    if (!v) throw new Error(`HSDS_SCHEMA_DIR ${dir} has no ${k}.json`)
    return v
  }
  const v: Validators = {
    source: PUBLISHED,
    fns: Object.fromEntries(KINDS.map((k) => [k, get(k)])) as Record<Kind, ValidateFunction>,
    checkLocationItems: true,
  }
  published.set(dir, v)
  return v
}

export interface SchemaProblem {
  path: string
  message: string
  /** Which schema found the problem. */
  schema: SchemaSource
}

const problems = (
  schema: SchemaSource,
  base: string,
  errors: ErrorObject[] | null | undefined,
): SchemaProblem[] =>
  (errors ?? []).map((e) => {
    const missing =
      e.keyword === 'required' ? `.${(e.params as { missingProperty: string }).missingProperty}` : ''
    const ptr = e.instancePath.split('/').slice(1).join('.')
    return {
      path: [base, ptr].filter(Boolean).join('.') + missing,
      message: `${schema}: ${e.message ?? e.keyword}${e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : ''}`,
      schema,
    }
  })

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

/**
 * Checks a package ({organizations, services, locations, service_at_locations}) object by object against
 * the published HSDS 3.0 files in `schemaDir` (HSDS_SCHEMA_DIR) when given, else against Gachi's
 * transcription. Returns every problem with its path and the schema used (empty = valid).
 */
export function validateAgainstHsdsSchema(
  pkg: unknown,
  opts: { schemaDir?: string | undefined } = {},
): SchemaProblem[] {
  const v = opts.schemaDir ? publishedValidators(opts.schemaDir) : bundledValidators()
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg))
    return [{ path: '', message: `${v.source}: must be an object`, schema: v.source }]
  const p = pkg as Record<string, unknown>
  const out: SchemaProblem[] = []
  const each = (key: string, fn: ValidateFunction, items: unknown[]) =>
    items.forEach((item, i) => {
      if (!fn(item)) out.push(...problems(v.source, `${key}.${i}`, fn.errors))
    })
  each('organizations', v.fns.organization, list(p.organizations))
  each('services', v.fns.service, list(p.services))
  each('locations', v.fns.location, list(p.locations))
  each('service_at_locations', v.fns.service_at_location, list(p.service_at_locations))
  if (v.checkLocationItems)
    list(p.locations).forEach((l, i) => {
      const loc = (typeof l === 'object' && l !== null ? l : {}) as Record<string, unknown>
      each(`locations.${i}.addresses`, v.fns.address, list(loc.addresses))
      each(`locations.${i}.accessibility`, v.fns.accessibility, list(loc.accessibility))
    })
  // A newer published location.json may check those arrays itself: report each problem once.
  const seen = new Set<string>()
  return out.filter((q) => !seen.has(`${q.path}\n${q.message}`) && seen.add(`${q.path}\n${q.message}`))
}
