/**
 * The one permission matrix: role × action → scope. Every route names one of these actions
 * (or a public/self marker); anything not listed here is denied.
 *   all  — any record
 *   org  — records of the staff member's own organisation
 *   own  — records the staff member is assigned to / created
 */
export const ROLES = [
  'admin',
  'programme_manager',
  'centre_worker',
  'repair_technician',
  'digital_guide',
  'tutor',
  'helpdesk_agent',
  'donor_org',
  'analyst',
] as const
export type Role = (typeof ROLES)[number]
export type Scope = 'all' | 'org' | 'own'

type Matrix = Record<string, Partial<Record<Role, Scope>>>

export const MATRIX = {
  // platform
  'admin:dashboard': { admin: 'all' },
  'messages:read-dev': { admin: 'all' },
  'jobs:read': { admin: 'all' },
  'staff:read': { admin: 'all', programme_manager: 'org' },
  'staff:manage': { admin: 'all' },
  'sessions:manage': { admin: 'all' },
  'tokens:manage-own': {
    admin: 'all',
    programme_manager: 'own',
    centre_worker: 'own',
    repair_technician: 'own',
    digital_guide: 'own',
    tutor: 'own',
    helpdesk_agent: 'own',
    donor_org: 'own',
    analyst: 'own',
  },
  'staff:self': {
    admin: 'all',
    programme_manager: 'own',
    centre_worker: 'own',
    repair_technician: 'own',
    digital_guide: 'own',
    tutor: 'own',
    helpdesk_agent: 'own',
    donor_org: 'own',
    analyst: 'own',
  },
  'reference:read': {
    admin: 'all',
    programme_manager: 'all',
    centre_worker: 'all',
    repair_technician: 'all',
    digital_guide: 'all',
    tutor: 'all',
    helpdesk_agent: 'all',
    donor_org: 'all',
    analyst: 'all',
  },
  // people (personal data of citizens)
  'people:read': { admin: 'all', programme_manager: 'all', centre_worker: 'org', helpdesk_agent: 'all' },
  'people:write': { admin: 'all', programme_manager: 'all', centre_worker: 'org', helpdesk_agent: 'all' },
  'people:merge': { admin: 'all', programme_manager: 'all' },
  'people:export': { admin: 'all' },
  'people:erase': { admin: 'all', programme_manager: 'all', centre_worker: 'org' },
  'audit:review': { admin: 'all' },
  // kiosk practice: learners' linked progress, anonymous "where people get stuck", scenario authoring
  'kiosk:progress': { admin: 'all', programme_manager: 'all', centre_worker: 'all', tutor: 'all' },
  'kiosk:stats': { admin: 'all', programme_manager: 'all', tutor: 'all', analyst: 'all', donor_org: 'all' },
  'kiosk:author': { admin: 'all', programme_manager: 'all', tutor: 'all' },
  // education
  'education:manage': { admin: 'all', programme_manager: 'all' },
  'education:enrol': { admin: 'all', programme_manager: 'all', centre_worker: 'org', helpdesk_agent: 'all' },
  'education:read': { admin: 'all', programme_manager: 'all', centre_worker: 'org', helpdesk_agent: 'all' },
  'education:teach': { admin: 'all', programme_manager: 'all', tutor: 'own' },
  // helpdesk (questions and the knowledge base)
  'helpdesk:work': { admin: 'all', programme_manager: 'all', helpdesk_agent: 'all' },
  'helpdesk:intake': { admin: 'all', programme_manager: 'all', centre_worker: 'org', helpdesk_agent: 'all' },
  'helpdesk:articles': { admin: 'all', programme_manager: 'all', helpdesk_agent: 'all' },
  'helpdesk:refer': {
    admin: 'all',
    programme_manager: 'all',
    centre_worker: 'org',
    digital_guide: 'own',
    helpdesk_agent: 'all',
  },
  'helpdesk:team': { admin: 'all', programme_manager: 'all' },
  'helpdesk:canned': { admin: 'all', programme_manager: 'all' },
  // devices (donations, stock, receipts, applications, allocation, after-service)
  'devices:pledges': { admin: 'all', programme_manager: 'all' },
  'devices:intake': { admin: 'all', programme_manager: 'all', repair_technician: 'all' },
  'devices:read': { admin: 'all', programme_manager: 'all', repair_technician: 'all', analyst: 'all' },
  'devices:receipts': { admin: 'all', programme_manager: 'all' },
  'devices:apply': { admin: 'all', programme_manager: 'all', centre_worker: 'org', helpdesk_agent: 'all' },
  'devices:review': { admin: 'all', programme_manager: 'all' },
  'devices:allocate': { admin: 'all', programme_manager: 'all' },
  'devices:deliver': { admin: 'all', programme_manager: 'all', repair_technician: 'all' },
  'devices:repair': {
    admin: 'all',
    programme_manager: 'all',
    repair_technician: 'all',
    helpdesk_agent: 'all',
  },
  // devices: a donor's impact (a company's donor_org account sees its own organisation's donations only),
  // money and reward-point donations, the in-kind valuation table
  'devices:impact': { admin: 'all', programme_manager: 'all', donor_org: 'org' },
  'devices:donations': { admin: 'all', programme_manager: 'all' },
  'devices:valuation': { admin: 'all', programme_manager: 'all' },
  // devices: assigning repair tickets to technicians/volunteers (overriding the suggestion), the repairer list
  'devices:repair_assign': { admin: 'all', programme_manager: 'all' },
  // devices: the assistive-device catalogue (add an item, change a price, withdraw one with a reason)
  'devices:catalogue': { admin: 'all', programme_manager: 'all' },
  // digital guides: deployment plans and the board (managers), the field page (a guide's own shifts and assists)
  'guides:plan': { admin: 'all', programme_manager: 'all' },
  'guides:field': { admin: 'all', programme_manager: 'all', digital_guide: 'own' },
  // welfare navigator (expert mode with a person, local programmes), directory, 50+ volunteering
  'navigator:expert': {
    admin: 'all',
    programme_manager: 'all',
    centre_worker: 'org',
    helpdesk_agent: 'all',
    digital_guide: 'own',
  },
  'navigator:programmes': { admin: 'all', programme_manager: 'all' },
  'directory:manage': { admin: 'all', programme_manager: 'all' },
  'volunteering:review': { admin: 'all', programme_manager: 'all' },
  'volunteering:log': { admin: 'all', programme_manager: 'all' },
  // voice of users: survey answers and campaign results (read), opening questions (manage), typing in
  // paper answers (enter), kiosk-difficulty reports per partner company and their share links
  'voice:read': { admin: 'all', programme_manager: 'all', analyst: 'all' },
  'voice:manage': { admin: 'all', programme_manager: 'all' },
  'voice:enter': { admin: 'all', programme_manager: 'all', centre_worker: 'all', digital_guide: 'all' },
  'voice:kiosk-reports': { admin: 'all', programme_manager: 'all', analyst: 'all' },
  // statistics: the KPI dashboard and equity view (read), yearly targets (targets)
  'stats:read': { admin: 'all', programme_manager: 'all', analyst: 'all' },
  'stats:targets': { admin: 'all', programme_manager: 'all' },
  // the data map (/staff/map): every layer's table and GeoJSON (staff-only layers, e.g. assists history)
  'map:read': {
    admin: 'all',
    programme_manager: 'all',
    digital_guide: 'all',
    analyst: 'all',
    centre_worker: 'all',
  },
} as const satisfies Matrix

export type Action = keyof typeof MATRIX

/** Route-level markers besides matrix actions. */
export type Access = Action | 'public' | 'citizen' | 'staff' | 'signed-in'

/** The scope a role has for an action, or null when denied. */
export function scopeFor(role: Role, action: Action): Scope | null {
  return (MATRIX[action] as Partial<Record<Role, Scope>>)[role] ?? null
}

/** True when some action is scoped to the role's organisation (so organisation grants matter). */
export function hasOrgScope(role: Role): boolean {
  return Object.values(MATRIX).some((m) => (m as Partial<Record<Role, Scope>>)[role] === 'org')
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v)
}

/** Roles that can read personal data and so must use a second factor. */
export const ROLES_REQUIRING_MFA: readonly Role[] = [
  'admin',
  'programme_manager',
  'centre_worker',
  'repair_technician',
  'digital_guide',
  'tutor',
  'helpdesk_agent',
]
