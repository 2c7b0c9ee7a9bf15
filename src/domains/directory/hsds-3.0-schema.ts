/**
 * Gachi's own JSON Schema (draft-07) for the HSDS 3.0 objects the directory exchanges. It records the
 * facts of the interface — field names, JSON types, required fields, enumerations and the uri/email
 * formats — in our own structure, so the app can validate without shipping Open Referral's files.
 * Operators who want the published schema set point HSDS_SCHEMA_DIR at it (see hsds-schema.ts).
 *
 * Like HSDS, every object is open: fields not listed here are allowed (our `x_gachi` extension
 * travels that way). Nested objects are checked wherever they appear, through `#/definitions/…`.
 * A location's arrays use the names of the 3.0 documentation and examples, `addresses` and
 * `accessibility`; the published location.json calls them `addresss` and `accessibilitys`, so both
 * spellings are declared.
 *
 * Checked field by field (names, JSON types, required lists, enumerations, uri/email formats) against
 * openreferral/specification schema/*.json at commit 67e7b37a4b1e03324d6bd107c56cafd153b9d2d0 (the 3.0
 * line, whose openapi.json points at the `3.0` branch): see docs/directory.md, "HSDS check".
 */

type Json = Record<string, unknown>

const text: Json = { type: 'string' }
const number: Json = { type: 'number' }
const web: Json = { type: 'string', format: 'uri' }
const mail: Json = { type: 'string', format: 'email' }
const oneOf = (...values: string[]): Json => ({ type: 'string', enum: values })
const ref = (name: string): Json => ({ $ref: `#/definitions/${name}` })
const many = (name: string): Json => ({ type: 'array', items: ref(name) })

/** Every HSDS object carries optional attributes (taxonomy links) and a change log. */
const common = { attributes: many('attribute'), metadata: many('metadata') }

/** An open object: the listed fields are typed, anything else passes (as in HSDS). */
function record(title: string, must: string[], fields: Json, withCommon = true): Json {
  return {
    title,
    type: 'object',
    required: must,
    properties: withCommon ? { ...fields, ...common } : fields,
    additionalProperties: true,
  }
}

const SITE_KIND = oneOf('physical', 'postal', 'virtual')

const definitions: Record<string, Json> = {
  organization: record('HSDS organization', ['id', 'name', 'description'], {
    id: text,
    name: text,
    alternate_name: text,
    description: text,
    email: mail,
    website: web,
    year_incorporated: number,
    legal_status: text,
    logo: text,
    uri: web,
    parent_organization_id: text,
    organization_identifiers: many('organization_identifier'),
    programs: many('program'),
    contacts: many('contact'),
    locations: many('location'),
    fundings: many('funding'),
    phones: many('phone'),
  }),
  organization_identifier: record('HSDS organization identifier', ['id', 'identifier_type', 'identifier'], {
    id: text,
    organization_id: text,
    identifier_scheme: text,
    identifier_type: text,
    identifier: text,
  }),
  program: record('HSDS program', ['id', 'name', 'description'], {
    id: text,
    organization_id: text,
    name: text,
    alternate_name: text,
    description: text,
  }),
  service: record('HSDS service', ['id', 'name', 'status'], {
    id: text,
    organization_id: text,
    program_id: text,
    name: text,
    alternate_name: text,
    description: text,
    url: web,
    email: mail,
    status: oneOf('active', 'inactive', 'defunct', 'temporarily closed'),
    interpretation_services: text,
    application_process: text,
    fees_description: text,
    accreditations: text,
    eligibility_description: text,
    minimum_age: number,
    maximum_age: number,
    assured_date: text,
    assurer_email: mail,
    alert: text,
    schedules: many('schedule'),
    languages: many('language'),
    program: ref('program'),
    fundings: many('funding'),
    required_documents: many('required_document'),
    service_at_locations: many('service_at_location'),
    phones: many('phone'),
    organization: ref('organization'),
    contacts: many('contact'),
    cost_options: many('cost_option'),
    service_areas: many('service_area'),
  }),
  location: record('HSDS location', ['id', 'location_type'], {
    id: text,
    location_type: SITE_KIND,
    url: web,
    organization_id: text,
    name: text,
    alternate_name: text,
    description: text,
    transportation: text,
    latitude: number,
    longitude: number,
    external_identifier: text,
    external_identifier_type: text,
    languages: many('language'),
    addresses: many('address'),
    contacts: many('contact'),
    accessibility: many('accessibility'),
    phones: many('phone'),
    schedules: many('schedule'),
    // The published schema/location.json names the two arrays with generated plurals; data written to
    // those names is checked the same way (and read by the importer).
    addresss: many('address'),
    accessibilitys: many('accessibility'),
  }),
  service_at_location: record('HSDS service at location', ['id'], {
    id: text,
    service_id: text,
    location_id: text,
    description: text,
    contacts: many('contact'),
    phones: many('phone'),
    schedules: many('schedule'),
    location: ref('location'),
  }),
  address: record(
    'HSDS address',
    ['id', 'address_1', 'city', 'state_province', 'postal_code', 'country', 'address_type'],
    {
      id: text,
      location_id: text,
      attention: text,
      address_1: text,
      address_2: text,
      city: text,
      region: text,
      state_province: text,
      postal_code: text,
      country: text,
      address_type: SITE_KIND,
    },
  ),
  accessibility: record('HSDS accessibility', ['id'], {
    id: text,
    location_id: text,
    description: text,
    details: text,
    url: web,
  }),
  phone: record('HSDS phone', ['id', 'number'], {
    id: text,
    location_id: text,
    service_id: text,
    organization_id: text,
    contact_id: text,
    service_at_location_id: text,
    number: text,
    extension: number,
    type: text,
    description: text,
    languages: many('language'),
  }),
  contact: record('HSDS contact', ['id'], {
    id: text,
    organization_id: text,
    service_id: text,
    service_at_location_id: text,
    location_id: text,
    name: text,
    title: text,
    department: text,
    email: mail,
    phones: many('phone'),
  }),
  schedule: record('HSDS schedule', ['id'], {
    id: text,
    service_id: text,
    location_id: text,
    service_at_location_id: text,
    valid_from: text,
    valid_to: text,
    dtstart: text,
    timezone: number,
    until: text,
    count: text,
    wkst: oneOf('MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'),
    freq: oneOf('WEEKLY', 'MONTHLY'),
    interval: number,
    byday: text,
    byweekno: text,
    bymonthday: number,
    byyearday: number,
    description: text,
    opens_at: text,
    closes_at: text,
    schedule_link: web,
    attending_type: text,
    notes: text,
  }),
  language: record('HSDS language', ['id'], {
    id: text,
    service_id: text,
    location_id: text,
    phone_id: text,
    name: text,
    code: text,
    note: text,
  }),
  service_area: record('HSDS service area', ['id'], {
    id: text,
    service_id: text,
    name: text,
    description: text,
    extent: text,
    extent_type: text,
    uri: text,
  }),
  funding: record('HSDS funding', ['id'], {
    id: text,
    organization_id: text,
    service_id: text,
    source: text,
  }),
  cost_option: record('HSDS cost option', ['id'], {
    id: text,
    service_id: text,
    valid_from: text,
    valid_to: text,
    option: text,
    currency: text,
    amount: number,
    amount_description: text,
  }),
  required_document: record('HSDS required document', ['id'], {
    id: text,
    service_id: text,
    document: text,
  }),
  attribute: record(
    'HSDS attribute',
    ['id', 'link_type'],
    {
      id: text,
      link_id: text,
      taxonomy_term_id: text,
      link_type: text,
      link_entity: text,
      value: text,
      taxonomy_term: ref('taxonomy_term'),
      metadata: many('metadata'),
    },
    false,
  ),
  taxonomy_term: record(
    'HSDS taxonomy term',
    ['id', 'name', 'description'],
    {
      id: text,
      code: text,
      name: text,
      description: text,
      parent_id: text,
      taxonomy: ref('taxonomy'),
      language: text,
      taxonomy_id: text,
      term_uri: web,
      metadata: many('metadata'),
    },
    false,
  ),
  taxonomy: record(
    'HSDS taxonomy',
    ['id', 'name', 'description'],
    { id: text, name: text, description: text, uri: web, metadata: many('metadata') },
    false,
  ),
  metadata: record(
    'HSDS metadata (change record)',
    [
      'id',
      'last_action_date',
      'last_action_type',
      'field_name',
      'previous_value',
      'replacement_value',
      'updated_by',
    ],
    {
      id: text,
      resource_id: text,
      resource_type: text,
      last_action_date: text,
      last_action_type: text,
      field_name: text,
      previous_value: text,
      replacement_value: text,
      updated_by: text,
    },
    false,
  ),
}

/** The schema document; validate an object with `$ref: '<$id>#/definitions/<object>'`. */
export const HSDS_30_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:gachi:hsds:3.0',
  title: "HSDS 3.0 objects (Gachi's transcription)",
  definitions,
} as const
