import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

/**
 * Validation against the published Open Referral HSDS 3.0 JSON schemas (vendored in data/hsds/3.0 with
 * their CC BY-SA 4.0 attribution), as opposed to our own Zod model of the fields we read.
 */

const DIR = fileURLToPath(new URL('../../../data/hsds/3.0/', import.meta.url))

/** Frictionless Table Schema keywords in the HSDS files: annotations, no JSON Schema meaning. */
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

let compiled:
  | Record<
      'organization' | 'service' | 'location' | 'service_at_location' | 'address' | 'accessibility',
      ValidateFunction
    >
  | undefined

function validators() {
  if (compiled) return compiled
  // Unknown keywords still fail (strictSchema); strictTypes is off only because the files put the
  // Frictionless `format: csv` on objects.
  const ajv = new Ajv({ allErrors: true, strictSchema: true, strictTypes: false })
  addFormats(ajv, ['uri', 'email'])
  ajv.addVocabulary(ANNOTATIONS)
  // `csv` (on each object) and `%Y` (on a number) are Frictionless formats with nothing to check in JSON.
  ajv.addFormat('csv', true)
  ajv.addFormat('%Y', true)
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('.json')))
    ajv.addSchema(JSON.parse(readFileSync(`${DIR}${f}`, 'utf8')) as object, f)
  const get = (id: string) => {
    const v = ajv.getSchema(id)
    if (!v) throw new Error(`HSDS schema ${id} is missing`)
    return v
  }
  compiled = {
    organization: get('organization.json'),
    service: get('service.json'),
    location: get('location.json'),
    service_at_location: get('service_at_location.json'),
    address: get('address.json'),
    accessibility: get('accessibility.json'),
  }
  return compiled
}

export interface SchemaProblem {
  path: string
  message: string
}

const problems = (base: string, errors: ErrorObject[] | null | undefined): SchemaProblem[] =>
  (errors ?? []).map((e) => {
    const missing =
      e.keyword === 'required' ? `.${(e.params as { missingProperty: string }).missingProperty}` : ''
    const ptr = e.instancePath.split('/').slice(1).join('.')
    return {
      path: [base, ptr].filter(Boolean).join('.') + missing,
      message: `HSDS 3.0 schema: ${e.message ?? e.keyword}${e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : ''}`,
    }
  })

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

/**
 * Checks a package ({organizations, services, locations, service_at_locations}) object by object
 * against the published HSDS 3.0 schemas. Returns every problem with its path (empty = valid).
 */
export function validateAgainstHsdsSchema(pkg: unknown): SchemaProblem[] {
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg))
    return [{ path: '', message: 'HSDS 3.0 schema: must be an object' }]
  const v = validators()
  const p = pkg as Record<string, unknown>
  const out: SchemaProblem[] = []
  const each = (key: string, fn: ValidateFunction, items: unknown[]) =>
    items.forEach((item, i) => {
      if (!fn(item)) out.push(...problems(`${key}.${i}`, fn.errors))
    })
  each('organizations', v.organization, list(p.organizations))
  each('services', v.service, list(p.services))
  each('locations', v.location, list(p.locations))
  each('service_at_locations', v.service_at_location, list(p.service_at_locations))
  list(p.locations).forEach((l, i) => {
    const loc = (typeof l === 'object' && l !== null ? l : {}) as Record<string, unknown>
    each(`locations.${i}.addresses`, v.address, list(loc.addresses))
    each(`locations.${i}.accessibility`, v.accessibility, list(loc.accessibility))
  })
  return out
}
