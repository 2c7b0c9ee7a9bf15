/**
 * Which URL the browser tests open for each page template.
 *
 * Every GET page route in `allRoutes()` (src/app.ts) is visited by e2e/axe.test.ts. A route without parameters
 * is opened as it is; a route WITH parameters (`/things/:id`) must have rows in PAGE_SAMPLES below, or the
 * test "every GET page route has a sample URL" fails. A page that only shows in some state (a sign-in step, a
 * record that must exist) gets a row too. When you add a domain, add its rows here.
 *
 * Who visits: public pages anonymously, citizen pages as the harness's verified sample citizen, every other
 * page signed in as the demo `admin` (override with `as`). A page must not redirect elsewhere.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page, Response } from 'playwright-core'
import { allRoutes } from '../src/app.ts'
import {
  sampleAidApplicationId,
  sampleDeviceApplicationId,
  sampleInternetAidId,
  sampleOwnedDevice,
  sampleReservedAllocationId,
} from '../src/domains/devices/test-helpers.ts'
import { sampleTicketId } from '../src/domains/helpdesk/test-helpers.ts'
import { findStaffByLogin } from '../src/domains/identity/repo.ts'
import { type DemoStaff, type E2E, ENROL_LOGIN, passwordStep } from './harness.ts'

export type Visitor = 'anonymous' | 'citizen' | DemoStaff

export interface Sample {
  /** The URL to open (path and query), or how to find it (e.g. the id of a record the harness made). */
  url: string | ((e2e: E2E) => Promise<string>)
  /** Who opens it; default: anonymous for public routes, the sample citizen for citizen routes, else `admin`. */
  as?: Visitor
  /** The HTTP status the page must answer with (default 200). */
  status?: number
  /** Brings a fresh browser context into the state the page needs (runs before the URL is opened). */
  setUp?: (page: Page, e2e: E2E) => Promise<void>
}

/** Sample URLs of parameterised GET page routes (and pages that need a state), keyed by the route's path. */
export const PAGE_SAMPLES: Record<string, Sample[]> = {
  // identity: the second-factor step after a correct password, and the authenticator set-up of an account
  // that must use a second factor but has none yet (the harness adds it)
  '/staff/sign-in/code': [{ url: '/staff/sign-in/code', setUp: (page) => passwordStep(page, 'admin') }],
  '/staff/sign-in/authenticator': [
    { url: '/staff/sign-in/authenticator', setUp: (page) => passwordStep(page, ENROL_LOGIN) },
  ],
  // ops: find by reference, empty and with an answer (a demo device's asset tag)
  '/staff/find': [{ url: '/staff/find' }, { url: '/staff/find?ref=d-2026-00001' }],
  // identity: a staff account's page with its organisation grants (the demo centre worker)
  '/admin/staff/:id': [
    { url: async (e2e) => `/admin/staff/${(await findStaffByLogin(e2e.database.db, 'centre'))?.id}` },
  ],
  // home: the "help today" fallback of a programme, without and with a district chosen (a table of places)
  '/help-today/:programme': [{ url: '/help-today/learn' }, { url: '/help-today/devices?district=11110' }],
  // people: the code step of citizen verification; a person's record (the sample citizen)
  '/verify/code': [
    {
      url: '/verify/code',
      setUp: async (page, e2e) => page.context().addCookies(await e2e.pendingVerification()),
    },
  ],
  '/staff/people/:id': [{ url: async (e2e) => `/staff/people/${await e2e.samplePersonId()}` }],
  // devices: a device page opened by its asset tag (what the QR label links to); the demo seed makes D-DEMO-00001
  '/staff/devices/:tag': [
    { url: '/staff/devices/D-DEMO-00001' },
    // wiped: the refurbishment form; graded: the refurbishment record and the certificate link
    { url: '/staff/devices/D-DEMO-00005' },
    { url: '/staff/devices/D-DEMO-00004', as: 'repair' },
  ],
  // devices: the impact page as the demo company's donor account, and one donor's page as the programme manager
  '/staff/devices/impact': [
    { url: '/staff/devices/impact' },
    { url: '/staff/devices/impact', as: 'donor' },
    {
      url: async (e2e) => {
        const [row] = await e2e.database.query<{ id: string }>(
          "select id from device_donors where name = '한빛전자 주식회사' limit 1",
        )
        return `/staff/devices/impact?donor=${row!.id}`
      },
      as: 'manager',
    },
  ],
  // devices: an assistive-device application (co-payment, document checks) and a computer application's checks
  '/staff/devices/aid/:id': [
    {
      url: async (e2e) =>
        `/staff/devices/aid/${await sampleAidApplicationId(e2e.database.db, await e2e.samplePersonId())}`,
    },
    // an approved internet-fee application: its supply section (arranged, the next step as a button)
    {
      url: async (e2e) =>
        `/staff/devices/aid/${await sampleInternetAidId(e2e.database.db, await e2e.samplePersonId())}`,
    },
  ],
  '/staff/devices/applications/:id/documents': [
    {
      url: async (e2e) =>
        `/staff/devices/applications/${await sampleDeviceApplicationId(e2e.database.db)}/documents`,
    },
  ],
  // devices: a reserved device's handover page (slot booking, who received it, guide, class offer)
  '/staff/devices/allocations/:id': [
    { url: async (e2e) => `/staff/devices/allocations/${await sampleReservedAllocationId(e2e.database.db)}` },
  ],
  // devices: a repair ticket (triage, suggestion, visit, parts) and the citizen's own device page (warranty, repairs)
  '/staff/devices/repairs/:id': [
    {
      url: async (e2e) =>
        `/staff/devices/repairs/${(await sampleOwnedDevice(e2e.database.db, await e2e.samplePersonId())).ticketId}`,
    },
  ],
  '/devices/mine/:tag': [
    {
      url: async (e2e) =>
        `/devices/mine/${(await sampleOwnedDevice(e2e.database.db, await e2e.samplePersonId())).tag}`,
    },
  ],
  // kiosk: a scenario page (simulator + steps in words) in two modes; a tutor's scenario in the editor (demo seed)
  '/kiosk/:scenario': [{ url: '/kiosk/fast-food' }, { url: '/kiosk/cinema?mode=realistic' }],
  '/staff/kiosk/scenarios/:slug': [{ url: '/staff/kiosk/scenarios/neighbourhood-bakery' }],
  // helpdesk: an article, its large-print page, history and editor; a question as its citizen and as the agent
  '/help/articles/:slug': [
    { url: '/help/articles/text-size' },
    { url: '/help/articles/text-size?v=1', as: 'anonymous' },
  ],
  '/help/articles/:slug/print': [{ url: '/help/articles/scam-sms/print' }],
  '/help/articles/:slug/history': [{ url: '/help/articles/text-size/history' }],
  '/staff/help/articles/:slug/edit': [{ url: '/staff/help/articles/kiosk-order/edit' }],
  '/me/questions/:id': [
    {
      url: async (e2e) =>
        `/me/questions/${await sampleTicketId(e2e.database.db, await e2e.samplePersonId())}`,
    },
  ],
  '/staff/help/tickets/:id': [
    {
      url: async (e2e) =>
        `/staff/help/tickets/${await sampleTicketId(e2e.database.db, await e2e.samplePersonId())}`,
    },
  ],
  // helpdesk: the step-2 question page (suggestions for what was typed), a guide's referral form and list, an agent's skills
  '/staff/help/team/:staffId': [
    {
      url: async (e2e) => {
        const [row] = await e2e.database.query<{ id: string }>(
          "select id from staff_users where role = 'helpdesk_agent' order by username limit 1",
        )
        return `/staff/help/team/${row!.id}`
      },
    },
  ],
  '/ask/new': [{ url: '/ask/new' }, { url: '/ask/new?q=%EA%B8%80%EC%9E%90%20%ED%81%AC%EA%B8%B0' }],
  '/staff/help/refer': [{ url: '/staff/help/refer', as: 'guide' }],
  // helpdesk: a seeded saved reply's edit page (the migration inserts it with this id)
  '/staff/help/canned/:id': [{ url: '/staff/help/canned/6a1c0000-0000-4000-8000-000000000003' }],
  '/staff/help/referrals': [{ url: '/staff/help/referrals', as: 'guide' }],
  // guides: one version of the deployment plan (computed as the demo manager when none exists yet)
  '/staff/guides/plans/:id': [
    {
      url: async (e2e) =>
        `/staff/guides/plans/${await (await import('../src/domains/guides/test-helpers.ts')).sampleGuidePlanId(e2e.database.db)}`,
    },
  ],
  // education: a course, a session's sign-up step (sample citizen), a venue's timetable, a staff session page, a
  // tutor's roster (as admin), and the certificate check with an unknown code (a certificate needs attendance)
  '/learn/courses/:id': [
    {
      url: async (e2e) =>
        `/learn/courses/${await eduId(e2e, 'select id from edu_courses order by level, title_ko')}`,
    },
  ],
  '/learn/sessions/:id/enrol': [
    {
      url: async (e2e) =>
        `/learn/sessions/${await eduId(e2e, 'select id from edu_sessions order by starts_at')}/enrol`,
    },
  ],
  '/learn/venues/:id/timetable': [
    {
      url: async (e2e) =>
        `/learn/venues/${encodeURIComponent(await eduId(e2e, 'select place_id as id from edu_sessions where place_id is not null order by starts_at'))}/timetable`,
    },
  ],
  '/learn/certificates/:code': [{ url: '/learn/certificates/0000000000', status: 404 }],
  '/staff/learn/sessions/:id': [
    {
      url: async (e2e) =>
        `/staff/learn/sessions/${await eduId(e2e, 'select id from edu_sessions order by starts_at')}`,
    },
  ],
  '/teach/meetings/:id': [
    {
      url: async (e2e) =>
        `/teach/meetings/${await eduId(e2e, 'select id from edu_meetings order by starts_at')}`,
    },
  ],
  // education (management): course and session forms, a tutor profile, the tutor's class page, the SMS link page
  // (unknown code, and the sample citizen's link opened before verifying), a recorded lecture with captions
  '/staff/learn/courses/:id/edit': [
    {
      url: async (e2e) =>
        `/staff/learn/courses/${await eduId(e2e, 'select id from edu_courses order by level, title_ko')}/edit`,
    },
  ],
  '/staff/learn/courses/:id/sessions/new': [
    {
      url: async (e2e) =>
        `/staff/learn/courses/${await eduId(e2e, 'select id from edu_courses order by level, title_ko')}/sessions/new?district=11110`,
    },
  ],
  '/staff/learn/sessions/:id/edit': [
    {
      url: async (e2e) =>
        `/staff/learn/sessions/${await eduId(e2e, 'select id from edu_sessions order by starts_at')}/edit`,
    },
  ],
  '/staff/learn/tutors/:id': [
    {
      url: async (e2e) =>
        `/staff/learn/tutors/${await eduId(e2e, "select id from staff_users where role = 'tutor' and username <> 'e2e-enrol' order by created_at")}`,
    },
  ],
  '/teach/sessions/:id': [
    {
      url: async (e2e) =>
        `/teach/sessions/${await eduId(e2e, 'select id from edu_sessions order by starts_at')}`,
    },
  ],
  '/c/:code': [
    { url: '/c/ZZZZZZZZ', status: 404 },
    {
      url: async (e2e) => {
        const personId = await e2e.samplePersonId()
        await e2e.database.query(
          `insert into edu_sms_links (code, person_id, created_at) values ('E2ELINK2', '${personId}', now()) on conflict do nothing`,
        )
        return `/c/${await eduId(e2e, `select code as id from edu_sms_links where person_id = '${personId}'`)}`
      },
      as: 'anonymous',
    },
  ],
  '/learn/courses/:id/lecture': [
    {
      url: async (e2e) =>
        `/learn/courses/${await eduId(e2e, 'select id from edu_courses where captions_vtt is not null order by title_ko')}/lecture`,
    },
  ],
  // nearby: results near a station (list + map figure; page-weight measures this first one), choices for an
  // unclear name, a name that matches nothing (422 with the error summary); the data map with a choropleth
  // and a point layer in one district
  '/nearby': [
    { url: '/nearby?q=%EC%84%9C%EC%9A%B8%EC%97%AD' },
    { url: '/nearby' },
    { url: '/nearby?q=%EC%8B%A0%EC%B4%8C' },
    { url: '/nearby?q=zzqq', status: 422 },
    // repair places near 종로노인종합복지관, one the demo marks as offering repair (labelled demo)
    { url: '/nearby?lat=37.5787&lon=127.0081&kinds=repair' },
  ],
  '/staff/map': [
    { url: '/staff/map' },
    { url: '/staff/map?layers=seniors-dong&layers=learning&district=11110' },
  ],
  // navigator: a local programme's edit page; directory: a facility's public page and its staff edit page
  '/staff/navigator/programmes/:id': [
    {
      url: async (e2e) =>
        `/staff/navigator/programmes/${await (await import('../src/domains/navigator/test-helpers.ts')).sampleLocalProgrammeId(e2e.database.db)}`,
    },
  ],
  '/directory/:id': [{ url: async (e2e) => `/directory/${encodeURIComponent(await directoryPlaceId(e2e))}` }],
  '/staff/directory/:id': [
    { url: async (e2e) => `/staff/directory/${encodeURIComponent(await directoryPlaceId(e2e))}` },
  ],
  // volunteering: a 50+ volunteer application's review page (the sample citizen's)
  '/staff/volunteers/:id': [
    {
      url: async (e2e) =>
        `/staff/volunteers/${await (await import('../src/domains/volunteering/test-helpers.ts')).sampleVolunteerId(e2e.database.db, await e2e.samplePersonId())}`,
    },
  ],
  // volunteering: the public check of a certificate of hours (unknown code: 404 page)
  '/volunteer/certificates/:code': [{ url: '/volunteer/certificates/0000000000', status: 404 }],
  // navigator: saved answers found by their NAV- reference, shown in expert mode
  '/staff/navigator/cases/:id': [
    {
      url: async (e2e) =>
        `/staff/navigator/cases/${await (await import('../src/domains/navigator/test-helpers.ts')).sampleSavedCaseId(e2e.database.db)}`,
    },
  ],
  // voice: a survey invitation (SMS link), an open question, a partner's shared kiosk report; staff pages of them
  '/v/:token': [
    {
      url: async (e2e) =>
        (await import('../src/domains/voice/test-helpers.ts')).sampleSurveyPath(e2e.database.db),
    },
  ],
  '/voice/questions/:id': [
    {
      url: async (e2e) =>
        `/voice/questions/${await (await import('../src/domains/voice/test-helpers.ts')).sampleCampaignId(e2e.database.db)}`,
    },
  ],
  '/staff/voice/campaigns/:id': [
    {
      url: async (e2e) =>
        `/staff/voice/campaigns/${await (await import('../src/domains/voice/test-helpers.ts')).sampleCampaignId(e2e.database.db)}`,
    },
  ],
  '/partners/kiosk/:token': [
    {
      url: async (e2e) =>
        (await (await import('../src/domains/voice/test-helpers.ts')).samplePartnerReport(e2e.database.db))
          .sharedPath,
    },
  ],
  '/staff/voice/kiosk/:company': [
    {
      url: async (e2e) =>
        `/staff/voice/kiosk/${encodeURIComponent((await (await import('../src/domains/voice/test-helpers.ts')).samplePartnerReport(e2e.database.db)).key)}`,
    },
  ],
  '/staff/voice/questions/:id/field': [
    {
      url: async (e2e) =>
        `/staff/voice/questions/${await (await import('../src/domains/voice/test-helpers.ts')).sampleCampaignId(e2e.database.db)}/field?back=/staff/guides/field`,
    },
  ],
  // design system: every component page (each renders all of its live examples) — filled in by
  // designSystemSamples() below from COMPONENT_EXAMPLES
  '/design-system/:component': [],
  // design system: an example on its own page; the same template for every example (and every example is
  // already checked on its component page), so one is enough — filled in below
  '/design-system/:component/:example': [],
}

/** The first id an education query returns (the demo catalogue is seeded with the demo data). */
async function eduId(e2e: E2E, query: string): Promise<string> {
  const [row] = await e2e.database.query<{ id: string }>(`${query} limit 1`)
  if (!row) throw new Error(`no demo education data for: ${query}`)
  return row.id
}

/**
 * Routes that may be missing from the app for now (another engineer is building them). Their table rows are
 * not reported as stale while the route does not exist.
 */
const NOT_YET_BUILT = new Set<string>()

const DESIGN_SYSTEM_EXAMPLES = fileURLToPath(
  new URL('../src/domains/design-system/examples.tsx', import.meta.url),
)

/**
 * DESIGN SYSTEM ENTRY: sample URLs from `COMPONENT_EXAMPLES` (src/domains/design-system/examples.tsx): one
 * per component page, and the first example's own page. Empty while that module does not exist.
 */
async function designSystemSamples(): Promise<Record<string, Sample[]>> {
  if (!existsSync(DESIGN_SYSTEM_EXAMPLES)) return {}
  // why: a computed specifier, so the typecheck passes while the module is not merged yet
  const mod = (await import(DESIGN_SYSTEM_EXAMPLES)) as {
    COMPONENT_EXAMPLES?: { name: string; examples?: { name: string }[] }[]
  }
  const docs = mod.COMPONENT_EXAMPLES ?? []
  const first = docs.find((d) => d.examples?.length)
  return {
    '/design-system/:component': docs.map((d) => ({ url: `/design-system/${d.name}` })),
    '/design-system/:component/:example': first
      ? [{ url: `/design-system/${first.name}/${first.examples?.[0]?.name}` }]
      : [],
  }
}

/** Page states that no route listing shows: error pages and a form with errors. */
export interface State {
  name: string
  url: Sample['url']
  as: Visitor
  status: number
  setUp?: Sample['setUp']
  /** What to do after opening the URL to reach the state; returns the response whose status is checked. */
  act?: (page: Page) => Promise<Response>
}

export const EXTRA_STATES: State[] = [
  { name: 'page not found (404)', url: '/this-page-does-not-exist', as: 'anonymous', status: 404 },
  { name: 'not allowed (403): tutor opens the job queue', url: '/admin/jobs', as: 'tutor', status: 403 },
  {
    name: 'sign-in form with errors (empty submit)',
    url: '/staff/sign-in',
    as: 'anonymous',
    status: 422,
    act: async (page) => {
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
        page.locator('main form button[type="submit"]').click(),
      ])
      await page.waitForLoadState('load')
      return res
    },
  },
  // devices: the assistive-device catalogue forms with errors (summary + inline), as the programme manager
  ...['/staff/devices/aid/catalogue', '/staff/devices/aid/catalogue/new'].map(
    (url): State => ({
      name: `${url} form with errors (empty submit)`,
      url,
      as: 'manager',
      status: 422,
      act: async (page) => {
        const [res] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
          page.locator('main form button[type="submit"]').click(),
        ])
        await page.waitForLoadState('load')
        return res
      },
    }),
  ),
  // devices: reinstating an item that is still offered (409: summary + the item's inline error); changes nothing
  {
    name: '/staff/devices/aid/catalogue reinstate an offered item (conflict)',
    url: '/staff/devices/aid/catalogue',
    as: 'manager',
    status: 409,
    act: async (page) => {
      await page.locator('main select[name="code"]').selectOption({ index: 1 })
      await page.locator('main input[name="action"][value="reinstate"]').check()
      await page.locator('main input[name="reason"]').fill('axe')
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
        page.locator('main form button[type="submit"]').click(),
      ])
      await page.waitForLoadState('load')
      return res
    },
  },
]

export interface PageVisit extends State {
  /** The route's path pattern. */
  route: string
}

/** Every GET page route resolved to visits, plus the problems: parameterised routes without samples, stale rows. */
export async function pageVisits(): Promise<{ visits: PageVisit[]; problems: string[] }> {
  const samples: Record<string, Sample[]> = { ...PAGE_SAMPLES }
  for (const [route, rows] of Object.entries(await designSystemSamples()))
    samples[route] = [...(samples[route] ?? []), ...rows]
  const routes = allRoutes().filter((r) => r.kind === 'page' && r.method === 'GET')
  const visits: PageVisit[] = []
  const problems: string[] = []
  for (const r of routes) {
    const parameterised = r.path.includes(':') || r.path.includes('*')
    const rows = samples[r.path] ?? (parameterised ? [] : [{ url: r.path }])
    if (rows.length === 0) {
      problems.push(`${r.path}: has parameters but no sample URL — add it to PAGE_SAMPLES in e2e/pages.ts`)
      continue
    }
    const as: Visitor = r.access === 'public' ? 'anonymous' : r.access === 'citizen' ? 'citizen' : 'admin'
    for (const s of rows) {
      const visitor = s.as ?? as
      const shown = typeof s.url === 'string' ? s.url : r.path
      visits.push({
        route: r.path,
        name: `${shown}${visitor === 'anonymous' ? '' : ` (as ${visitor})`}`,
        url: s.url,
        as: visitor,
        status: s.status ?? 200,
        setUp: s.setUp,
      })
    }
  }
  const known = new Set(routes.map((r) => r.path))
  for (const key of Object.keys(PAGE_SAMPLES))
    if (!known.has(key) && !NOT_YET_BUILT.has(key))
      problems.push(
        `${key}: in PAGE_SAMPLES (e2e/pages.ts) but no GET page route has this path — remove the row`,
      )
  return { visits, problems }
}

/** A senior welfare centre for the directory's page samples. */
async function directoryPlaceId(e2e: E2E): Promise<string> {
  const [r] = await e2e.database.query<{ id: string }>(
    "select id from places where kind = 'senior_welfare_center' order by id limit 1",
  )
  return r!.id
}
