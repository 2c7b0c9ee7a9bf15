/**
 * Browser-test harness: the real app on a random local port over a fresh in-memory database with the demo
 * data, and Debian's chromium driven by playwright-core (a browser is never downloaded).
 *
 * Without chromium the browser tests are skipped with a message, except in CI (`CI` set), where they fail.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { eq } from 'drizzle-orm'
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core'
import { describe, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { seedIfNeeded } from '../src/boot.ts'
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../src/domains/identity/seed.ts'
import { createStaff } from '../src/domains/identity/service.ts'
import { totpNow } from '../src/platform/auth/totp.ts'
import type { Database } from '../src/platform/db/client.ts'
import { devMessages } from '../src/platform/db/tables.ts'
import type { AppDeps } from '../src/platform/http/context.ts'
import { transportsFromConfig } from '../src/platform/jobs/transports.ts'
import { messageHandlers, Worker } from '../src/platform/jobs/worker.ts'
import { createLogger } from '../src/platform/log.ts'
import { freshDb, testConfigFor } from '../test/fresh-db.ts'

/** Launch flags that work as root in a container (see /work/shared/STACK-NOTES.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Where Debian's chromium is: $CHROMIUM_PATH when set, else `command -v chromium` or /usr/bin/chromium; null when absent. */
export function findChromium(): string | null {
  const chosen = process.env.CHROMIUM_PATH
  if (chosen) return existsSync(chosen) ? chosen : null
  const candidates: string[] = []
  try {
    candidates.push(execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim())
  } catch {
    // not on PATH
  }
  candidates.push('/usr/bin/chromium')
  return candidates.find((p) => !!p && existsSync(p)) ?? null
}

export const CHROMIUM_PATH = findChromium()
const IN_CI = !!process.env.CI

/** True when the browser tests should be skipped (no chromium, not in CI). Use with `describe.skipIf`. */
export const skipBrowserTests = !CHROMIUM_PATH && !IN_CI

if (!CHROMIUM_PATH) {
  console.warn(
    IN_CI
      ? '\n[e2e] chromium was not found and CI is set: the browser tests FAIL. Install it: apt-get install -y chromium\n'
      : '\n[e2e] Browser tests skipped: chromium was not found. Install it with `apt-get install chromium` (or set CHROMIUM_PATH).\n',
  )
}

const MISSING_IN_CI =
  'chromium is not installed and CI is set, so the browser tests cannot run. Install it: apt-get install -y chromium'

/**
 * A describe block of browser tests: skipped (with a message) when chromium is absent on a developer's
 * machine; in CI a missing chromium is one failing test with a clear message.
 */
export function describeBrowser(name: string, body: () => void): void {
  if (!CHROMIUM_PATH && IN_CI) {
    describe(name, () => {
      it('needs chromium', () => {
        throw new Error(MISSING_IN_CI)
      })
    })
    return
  }
  describe.skipIf(skipBrowserTests)(name, body)
}

/** The demo staff accounts (src/domains/identity/seed.ts); all share DEMO_PASSWORD. */
export type DemoStaff =
  | 'admin'
  | 'manager'
  | 'centre'
  | 'centre2'
  | 'repair'
  | 'guide'
  | 'tutor'
  | 'helpdesk'
  | 'donor'
  | 'analyst'

/** An extra account the harness adds: a role that needs a second factor, with no authenticator set up yet. */
export const ENROL_LOGIN = 'e2e-enrol'

/** The citizen the harness verifies (by text code) for citizen pages; verifying creates their record. */
export const SAMPLE_CITIZEN = {
  name: '김순자',
  birthYear: '1950',
  birthMonth: '3',
  birthDay: '7',
  phone: '010-2345-6789',
}
type CitizenDetails = typeof SAMPLE_CITIZEN

/** A second citizen who only asks for a code (for the /verify/code page): another number, so codes never mix. */
const PENDING_CITIZEN: CitizenDetails = {
  name: '박영희',
  birthYear: '1948',
  birthMonth: '11',
  birthDay: '2',
  phone: '010-3456-7890',
}

type Cookie = { name: string; value: string; url: string }

export interface E2E {
  /** http://127.0.0.1:<port> */
  baseUrl: string
  browser: Browser
  database: Database
  /** A new browser context whose relative `page.goto()` URLs resolve against the app. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>
  /** A fresh, never used authenticator code of a demo account (waits for the next 30 s step if needed). */
  totpCode(login: string): Promise<string>
  /**
   * Signs in through the real staff sign-in form, with the second factor when the account has one, and
   * checks that the staff account area shows.
   */
  signIn(page: Page, login: DemoStaff): Promise<void>
  /** The session cookie of a staff member signed in once through the form (shared by later contexts). */
  staffSession(login: DemoStaff): Promise<Cookie>
  /** The session cookie of SAMPLE_CITIZEN, verified once through /verify and the texted code. */
  citizenSession(): Promise<Cookie>
  /**
   * The cookies of a browser that has asked for SAMPLE_CITIZEN's code (asked once: codes per number are
   * limited), to put a context on /verify/code.
   */
  pendingVerification(): Promise<Cookie[]>
  /** The id of SAMPLE_CITIZEN's person record (verifying them first). */
  samplePersonId(): Promise<string>
  close(): Promise<void>
}

const STEP_MS = 30_000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Only the password step: leaves the page on the second-factor (or authenticator set-up) page. */
export async function passwordStep(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/staff/sign-in')
  await page.locator('#f-login').fill(login)
  await page.locator('#f-password').fill(password)
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/staff/sign-in'),
    page.locator('main form[action="/staff/sign-in"] button[type="submit"]').click(),
  ])
}

/** The first half of citizen verification: fills /verify for a citizen; leaves the page on /verify/code. */
export async function verifyStep(page: Page, who: CitizenDetails = SAMPLE_CITIZEN): Promise<void> {
  await page.goto('/verify')
  for (const [name, value] of Object.entries(who))
    await page.locator(`main form [name="${name}"]`).fill(value)
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/verify/code'),
    page.locator('main form[action="/verify"] button[type="submit"]').click(),
  ])
}

/** Starts the app (fresh demo database, random port) and chromium. Call in `beforeAll`, close in `afterAll`. */
export async function startE2E(): Promise<E2E> {
  if (!CHROMIUM_PATH) throw new Error(MISSING_IN_CI)
  const database = await freshDb({ reference: true })
  const config = testConfigFor(database, { GACHI_MODE: 'demo' })
  const log = createLogger('silent')
  await seedIfNeeded(database, config, log)
  await createStaff(
    database.db,
    'system',
    { username: ENROL_LOGIN, displayName: '등록대기', role: 'tutor', password: DEMO_PASSWORD },
    { isDemo: true },
  )
  const transports = transportsFromConfig(config, database.db)
  const deps: AppDeps = { config, database, log, transports, now: () => new Date() }
  const app = createApp(deps)
  // why: the app runs without its inline worker in tests; this one delivers texts to the dev outbox on demand
  const worker = new Worker(
    database.db,
    messageHandlers,
    [],
    transports,
    log,
    () => new Date(Date.now() + 1000),
  )
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve({ server: s, port: info.port }),
      )
    },
  )
  const baseUrl = `http://127.0.0.1:${port}`
  let browser: Browser
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 })
  } catch (e) {
    server.close()
    await database.close()
    throw e
  }
  const newContext = (options: BrowserContextOptions = {}) =>
    browser.newContext({ baseURL: baseUrl, locale: 'ko-KR', ...options })

  // A code is refused once its 30 s step (or a later one) was used by the account: hand out each step once.
  const lastStep = new Map<string, number>()
  async function totpCode(login: string): Promise<string> {
    const now = () => Math.floor(Date.now() / STEP_MS)
    const step = Math.max(now(), (lastStep.get(login) ?? -1) + 1)
    lastStep.set(login, step)
    if (step > now() + 1) await sleep((step - 1) * STEP_MS - Date.now() + 100)
    return totpNow(DEMO_TOTP_SECRET, new Date(step * STEP_MS))
  }

  async function signIn(page: Page, login: DemoStaff): Promise<void> {
    await passwordStep(page, login)
    if (new URL(page.url()).pathname === '/staff/sign-in/code') {
      await page.locator('#f-code').fill(await totpCode(login))
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith('/staff/sign-in')),
        page.locator('main form[action="/staff/sign-in/code"] button[type="submit"]').click(),
      ])
    }
    if ((await page.locator('form[action="/staff/sign-out"]').count()) === 0) {
      const problem = await page.locator('.error-summary, h1').first().textContent()
      throw new Error(`signing in as ${login} failed at ${page.url()}: ${problem?.trim()}`)
    }
  }

  async function sessionOf(context: BrowserContext): Promise<Cookie> {
    const sid = (await context.cookies()).find((c) => c.name === 'gachi_sid')
    if (!sid) throw new Error('no session cookie after signing in')
    return { name: sid.name, value: sid.value, url: baseUrl }
  }

  const staffSessions = new Map<string, Promise<Cookie>>()
  function staffSession(login: DemoStaff): Promise<Cookie> {
    let p = staffSessions.get(login)
    if (!p) {
      p = (async () => {
        const context = await newContext()
        try {
          await signIn(await context.newPage(), login)
          return await sessionOf(context)
        } finally {
          await context.close()
        }
      })()
      staffSessions.set(login, p)
    }
    return p
  }

  let citizen: Promise<Cookie> | null = null
  function citizenSession(): Promise<Cookie> {
    citizen ??= (async () => {
      const context = await newContext()
      try {
        const page = await context.newPage()
        await verifyStep(page)
        await worker.drain()
        const to = SAMPLE_CITIZEN.phone.replace(/\D/g, '')
        const rows = await database.db.select().from(devMessages).where(eq(devMessages.recipient, to))
        const code = rows.at(-1)?.body.match(/\d{6}/)?.[0]
        if (!code) throw new Error(`no verification code was texted to ${to}`)
        await page.locator('main form [name="code"]').fill(code)
        await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
          page.locator('main form[action^="/verify/code"] button[type="submit"]').click(),
        ])
        await page.waitForLoadState('load')
        if (new URL(page.url()).pathname !== '/me') {
          const problem = await page.locator('.error-summary, h1').first().textContent()
          throw new Error(`citizen verification failed at ${page.url()}: ${problem?.trim()}`)
        }
        return await sessionOf(context)
      } finally {
        await context.close()
      }
    })()
    return citizen
  }

  let pending: Promise<Cookie[]> | null = null
  function pendingVerification(): Promise<Cookie[]> {
    pending ??= (async () => {
      const context = await newContext()
      try {
        await verifyStep(await context.newPage(), PENDING_CITIZEN)
        return (await context.cookies()).map((c) => ({ name: c.name, value: c.value, url: baseUrl }))
      } finally {
        await context.close()
      }
    })()
    return pending
  }

  async function samplePersonId(): Promise<string> {
    await citizenSession()
    const [row] = await database.query<{ id: string }>('select id from persons order by created_at limit 1')
    if (!row) throw new Error('the sample citizen has no person record')
    return row.id
  }

  return {
    baseUrl,
    browser,
    database,
    newContext,
    totpCode,
    signIn,
    staffSession,
    citizenSession,
    pendingVerification,
    samplePersonId,
    async close() {
      await browser.close().catch(() => {})
      if ('closeAllConnections' in server) server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
      await database.close()
    },
  }
}

/** Cookies that set the display preferences directly (the settings forms set the same cookies). */
export function prefCookies(baseUrl: string, prefs: { text?: 100 | 125 | 150 | 200; contrast?: 'high' }) {
  const cookies: Cookie[] = []
  if (prefs.text) cookies.push({ name: 'gachi_text', value: String(prefs.text), url: baseUrl })
  if (prefs.contrast) cookies.push({ name: 'gachi_contrast', value: prefs.contrast, url: baseUrl })
  return cookies
}
