import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { seedIfNeeded } from '../../boot.ts'
import { testConfig } from '../../config.ts'
import { totpNow } from '../../platform/auth/totp.ts'
import type { Database } from '../../platform/db/client.ts'
import { createLogger } from '../../platform/log.ts'
import * as repo from './repo.ts'
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from './seed.ts'
import { createStaff, createToken, passwordProblem } from './service.ts'

let db: Database
let clock: TestClock
let app: ReturnType<typeof testApp>['app']
const config = testConfig({ GACHI_MODE: 'demo' })

beforeAll(async () => {
  db = await freshDb()
  await seedIfNeeded(db, config, createLogger('silent'))
  clock = new TestClock(new Date('2026-11-23T01:00:00Z'))
  app = testApp(db, { clock, config }).app
})
afterAll(() => db.close())

/** Signs in through the real forms, second factor included. */
async function signInAs(username: string, b = new Browser(app)) {
  const r = await b.post('/staff/sign-in', { login: username, password: DEMO_PASSWORD })
  expect(r.status).toBe(303)
  if (r.headers.get('location') === '/staff/sign-in/code') {
    clock.advance(30_000) // a fresh time step each time, as codes cannot be replayed
    const code = totpNow(DEMO_TOTP_SECRET, clock.now())
    const r2 = await b.post('/staff/sign-in/code', { code })
    expect(r2.status).toBe(303)
  }
  return b
}

describe('staff sign-in', () => {
  it('asks admins for the second factor and only then signs them in, with a new session id', async () => {
    const b = new Browser(app)
    const r = await b.post('/staff/sign-in', { login: 'admin', password: DEMO_PASSWORD })
    expect(r.headers.get('location')).toBe('/staff/sign-in/code')
    const halfway = b.cookies.get('gachi_sid')
    expect(halfway).toBeTruthy()
    // half-signed-in is not signed in
    expect((await b.get('/admin/staff')).status).toBe(303)
    const page = await (await b.get('/staff/sign-in/code')).text()
    expect(page).toContain('data-demo-code=')
    clock.advance(30_000)
    const bad = await b.post('/staff/sign-in/code', { code: '000000' })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('인증 코드가 맞지 않습니다')
    const ok = await b.post('/staff/sign-in/code', { code: totpNow(DEMO_TOTP_SECRET, clock.now()) })
    expect(ok.status).toBe(303)
    const full = b.cookies.get('gachi_sid')
    expect(full).not.toBe(halfway)
    expect((await b.get('/admin/staff')).status).toBe(200)
    // the old (half-way) id is dead
    const old = new Browser(app)
    old.cookies.set('gachi_sid', halfway!)
    expect((await old.get('/api/v1/me')).status).toBe(401)
  })

  it('never accepts the same authenticator code twice', async () => {
    const b = new Browser(app)
    await b.post('/staff/sign-in', { login: 'manager', password: DEMO_PASSWORD })
    clock.advance(30_000)
    const code = totpNow(DEMO_TOTP_SECRET, clock.now())
    expect((await b.post('/staff/sign-in/code', { code })).status).toBe(303)
    const b2 = new Browser(app)
    await b2.post('/staff/sign-in', { login: 'manager', password: DEMO_PASSWORD })
    expect((await b2.post('/staff/sign-in/code', { code })).status).toBe(422)
  })

  it('signs in roles without personal data access with the password alone', async () => {
    const b = await signInAs('analyst')
    const me = (await (await b.get('/api/v1/me')).json()) as { role: string; kind: string }
    expect(me).toMatchObject({ kind: 'staff', role: 'analyst' })
  })

  it('gives the same answer for an unknown account and a wrong password, and locks after 5 failures', async () => {
    const unknown = await new Browser(app).post('/staff/sign-in', {
      login: 'nobody',
      password: 'whatever-123',
    })
    const wrong = await new Browser(app).post('/staff/sign-in', { login: 'donor', password: 'whatever-123' })
    expect(unknown.status).toBe(401)
    expect(wrong.status).toBe(401)
    const msg = '아이디 또는 비밀번호가 맞지 않습니다'
    expect(await unknown.text()).toContain(msg)
    expect(await wrong.text()).toContain(msg)
    for (let i = 0; i < 3; i++)
      await new Browser(app).post('/staff/sign-in', { login: 'donor', password: 'whatever-123' })
    const fifth = await new Browser(app).post('/staff/sign-in', { login: 'donor', password: 'whatever-123' })
    expect(fifth.status).toBe(429)
    expect(await fifth.text()).toContain('잠시 잠겼습니다')
    // even the right password is refused while locked
    const right = await new Browser(app).post('/staff/sign-in', { login: 'donor', password: DEMO_PASSWORD })
    expect(right.status).toBe(429)
    clock.advance(6 * 60_000)
    expect(
      (await new Browser(app).post('/staff/sign-in', { login: 'donor', password: DEMO_PASSWORD })).status,
    ).toBe(303)
  })

  it('keeps what was typed (except the password) and shows an error summary', async () => {
    const r = await new Browser(app).post('/staff/sign-in', { login: 'someone', password: '' })
    expect(r.status).toBe(422)
    const html = await r.text()
    expect(html).toContain('class="error-summary"')
    expect(html).toContain('href="#f-password"')
    expect(html).toContain('value="someone"')
    expect(html).toMatch(/id="f-password"[^>]*aria-describedby="f-password-error"/)
  })

  it('ends the session after 30 idle minutes and after 12 hours in all', async () => {
    const b = await signInAs('analyst')
    clock.advance(29 * 60_000)
    expect((await b.get('/api/v1/me')).status).toBe(200)
    clock.advance(31 * 60_000)
    expect((await b.get('/api/v1/me')).status).toBe(401)
    const b2 = await signInAs('analyst')
    for (let i = 0; i < 25; i++) {
      clock.advance(29 * 60_000)
      await b2.get('/api/v1/me')
    }
    expect((await b2.get('/api/v1/me')).status).toBe(401)
  })

  it('tells staff pages when the session will end (for the warning) and extends it in one click', async () => {
    const b = await signInAs('analyst')
    const res = await b.get('/staff')
    const ends = new Date(res.headers.get('x-session-idle-ends') ?? '')
    expect(ends.getTime() - clock.now().getTime()).toBe(30 * 60_000)
    clock.advance(25 * 60_000)
    const ext = await b.post('/staff/session/extend', {}, { accept: 'application/json' })
    expect(ext.status).toBe(200)
    clock.advance(25 * 60_000)
    expect((await b.get('/api/v1/me')).status).toBe(200)
  })

  it('ends the session on the server at sign-out', async () => {
    const b = await signInAs('analyst')
    const sid = b.cookies.get('gachi_sid')!
    await b.post('/staff/sign-out', {})
    const replay = new Browser(app)
    replay.cookies.set('gachi_sid', sid)
    expect((await replay.get('/api/v1/me')).status).toBe(401)
  })

  it('ends every session of an account when an admin turns it off, and lets admins end any session', async () => {
    const admin = await signInAs('admin')
    const tutor = await signInAs('tutor')
    const tutorRow = (await repo.findStaffByLogin(db.db, 'tutor'))!
    expect((await admin.post(`/admin/staff/${tutorRow.id}/disable`, {})).status).toBe(303)
    expect((await tutor.get('/api/v1/me')).status).toBe(401)
    await admin.post(`/admin/staff/${tutorRow.id}/enable`, {})
    const guide = await signInAs('tutor')
    const sessions = await repo.listActiveSessions(db.db)
    const s = sessions.find((x) => x.staff.username === 'tutor' && x.s.stage === 'full')!
    expect((await admin.post(`/admin/sessions/${s.s.idHash}/end`, {})).status).toBe(200)
    expect((await guide.get('/api/v1/me')).status).toBe(401)
  })

  it('refuses common passwords and passwords shorter than 10 characters', async () => {
    expect(passwordProblem('password123')).toBe('identity.passwordCommon')
    expect(passwordProblem('qwertyuiop')).toBe('identity.passwordCommon')
    expect(passwordProblem('kim-gachi-secret', 'kim')).toBe('identity.passwordHasUsername')
    expect(passwordProblem('correct horse battery')).toBeNull()
    await expect(
      createStaff(db.db, 'system', { username: 'short', displayName: 'S', role: 'tutor', password: 'abc' }),
    ).rejects.toMatchObject({ code: 'validation' })
    await expect(
      createStaff(db.db, 'system', {
        username: 'commonpw',
        displayName: 'C',
        role: 'tutor',
        password: 'password1234',
      }),
    ).rejects.toMatchObject({ code: 'validation', fields: { password: 'identity.passwordCommon' } })
  })
})

describe('API tokens', () => {
  it('authenticates Bearer tokens with their role; revoked or expired tokens get 401', async () => {
    const { token, id } = await createToken(
      db.db,
      'system',
      { name: 'test', role: 'analyst', days: 1 },
      clock.now(),
    )
    const me = await app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ kind: 'staff', role: 'analyst', via: 'token' })
    expect((await app.request('/api/v1/me')).status).toBe(401)
    expect((await app.request('/api/v1/me', { headers: { authorization: 'Bearer nope' } })).status).toBe(401)
    await repo.revokeToken(db.db, id, clock.now())
    expect((await app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      401,
    )
    const short = await createToken(db.db, 'system', { name: 'short', role: 'analyst', days: 1 }, clock.now())
    clock.advance(86_400_000 + 1000)
    expect(
      (await app.request('/api/v1/me', { headers: { authorization: `Bearer ${short.token}` } })).status,
    ).toBe(401)
  })

  it('a command-line token gets its own integration account: writes are recorded against a real staff row, no password opens it', async () => {
    const { token, id } = await createToken(
      db.db,
      'system',
      { name: '구청 연계', role: 'programme_manager', days: 1 },
      clock.now(),
    )
    const [t] = await db.query<{ staff_id: string | null }>('select staff_id from api_tokens where id = $1', [
      id,
    ])
    expect(t?.staff_id).toBeTruthy()
    const account = await repo.findStaff(db.db, t!.staff_id!)
    expect(account).toMatchObject({ role: 'programme_manager', displayName: 'API: 구청 연계' })
    const me = await app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })
    expect(await me.json()).toMatchObject({ kind: 'staff', role: 'programme_manager', via: 'token' })
    const signIn = await new Browser(app).post('/staff/sign-in', {
      login: account!.username,
      password: '!integration-account',
    })
    expect(signIn.status).toBe(401)
  })

  it('stores only a hash of the token', async () => {
    const { token } = await createToken(
      db.db,
      'system',
      { name: 'hash', role: 'analyst', days: 1 },
      clock.now(),
    )
    const rows = await db.query<{ token_hash: string }>('select token_hash from api_tokens')
    expect(rows.some((r) => r.token_hash === token)).toBe(false)
  })

  it('lets staff create and revoke their own tokens in the UI', async () => {
    const b = await signInAs('analyst')
    const r = await b.post('/staff/tokens', { name: 'my script', days: '30' })
    expect(r.status).toBe(201)
    const html = await r.text()
    const token = /<code class="token">([^<]+)<\/code>/.exec(html)?.[1]
    expect(token).toMatch(/^gachi_/)
    expect((await app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200,
    )
  })
})

describe('key rotation', () => {
  it('re-encrypts staff second-factor secrets with the newest key, and they still work', async () => {
    const { keyring, parseDataKeys, useKeyring, needsRotation } = await import(
      '../../platform/crypto/fields.ts'
    )
    const { rotateStaffSecrets } = await import('./service.ts')
    const before = keyring()
    const newKey = Buffer.alloc(32, 7).toString('base64')
    try {
      useKeyring({ keys: [...parseDataKeys(`k2:${newKey}`), ...before.keys], dev: false })
      const admin = (await repo.findStaffByLogin(db.db, 'admin'))!
      expect(needsRotation(admin.totpSecretEnc)).toBe(true)
      expect(await rotateStaffSecrets(db.db)).toBeGreaterThan(0)
      const after = (await repo.findStaffByLogin(db.db, 'admin'))!
      expect(needsRotation(after.totpSecretEnc)).toBe(false)
      expect(after.totpSecretEnc).not.toBe(admin.totpSecretEnc)
      await signInAs('admin') // the demo code still verifies after rotation
      expect(await rotateStaffSecrets(db.db)).toBe(0)
    } finally {
      useKeyring(before)
    }
  })
})

describe('permission changes and throttling', () => {
  it('records grants and revocations of roles and tokens in the audit trail', async () => {
    const { signIn: _s, ...svc } = await import('./service.ts')
    const admin = {
      kind: 'staff',
      id: (await repo.findStaffByLogin(db.db, 'admin'))!.id,
      role: 'admin',
      orgId: null,
      name: 'a',
      via: 'session',
      sessionId: null,
    } as const
    const staff = await svc.createStaff(db.db, admin, {
      username: 'audited',
      displayName: 'Audited',
      role: 'tutor',
      password: 'a long unusual passphrase',
    })
    await svc.disableStaff(db.db, admin, staff.id, clock.now())
    await svc.enableStaff(db.db, admin, staff.id, clock.now())
    const rows = await db.query<{
      action: string
      actor_id: string
      after: { role?: string; disabled?: boolean }
    }>(
      `select action, actor_id, "after" from audit_trail where entity = 'staff' and entity_id = $1 order by id`,
      [staff.id],
    )
    expect(rows.map((r) => r.action)).toEqual([
      'permission.granted',
      'permission.revoked',
      'permission.granted',
    ])
    expect(rows[0]).toMatchObject({ actor_id: admin.id, after: { role: 'tutor' } })
    expect(rows[1]?.after.disabled).toBe(true)
  })

  it('refuses sign-in from an address after 20 failures in 15 minutes, whatever the account', async () => {
    const { signIn } = await import('./service.ts')
    const meta = { ip: '203.0.113.9', userAgent: 'test', now: clock.now() }
    const noSleep = async () => {}
    for (let i = 0; i < 20; i++)
      await expect(
        signIn(db.db, { login: `nobody${i}`, password: 'wrong-password-1' }, meta, noSleep),
      ).rejects.toMatchObject({ code: 'unauthenticated' })
    await expect(
      signIn(db.db, { login: 'analyst', password: DEMO_PASSWORD }, meta, noSleep),
    ).rejects.toMatchObject({
      code: 'too_many_requests',
      message: 'identity.ipLocked',
    })
    // another address is not affected, and the window passes
    await expect(
      signIn(db.db, { login: 'analyst', password: DEMO_PASSWORD }, { ...meta, ip: '203.0.113.10' }, noSleep),
    ).resolves.toMatchObject({ stage: 'full' })
    await expect(
      signIn(
        db.db,
        { login: 'analyst', password: DEMO_PASSWORD },
        { ...meta, now: new Date(meta.now.getTime() + 16 * 60_000) },
        noSleep,
      ),
    ).resolves.toMatchObject({ stage: 'full' })
  })

  it('slows down repeated failures progressively', async () => {
    const { progressiveDelayMs } = await import('./service.ts')
    expect(progressiveDelayMs(0)).toBe(0)
    expect(progressiveDelayMs(2)).toBe(0)
    expect(progressiveDelayMs(3)).toBe(250)
    expect(progressiveDelayMs(5)).toBe(1000)
    expect(progressiveDelayMs(12)).toBe(3000)
  })
})

describe('authenticator set-up', () => {
  it('makes a new staff member set up the authenticator, shows recovery codes once, and each code works once', async () => {
    await createStaff(db.db, 'system', {
      username: 'newtutor',
      displayName: 'New Tutor',
      role: 'tutor',
      password: 'a long unusual passphrase',
    })
    const b = new Browser(app)
    const r = await b.post('/staff/sign-in', { login: 'newtutor', password: 'a long unusual passphrase' })
    expect(r.headers.get('location')).toBe('/staff/sign-in/authenticator')
    expect((await b.get('/staff')).status).toBe(303) // not signed in yet
    const page = await (await b.get('/staff/sign-in/authenticator')).text()
    expect(page).toContain('<img src="data:image/svg+xml;base64,')
    const again = await (await b.get('/staff/sign-in/authenticator')).text()
    const secret = /([A-Z2-7]{4}(?: [A-Z2-7]{1,4})+)/.exec(page)?.[1]?.replace(/ /g, '')
    expect(secret).toBeTruthy()
    expect(again).toContain(secret!.slice(0, 4)) // looking again does not change the secret
    expect((await b.post('/staff/sign-in/authenticator', { code: '123456' })).status).toBe(422)
    clock.advance(30_000)
    const done = await b.post('/staff/sign-in/authenticator', { code: totpNow(secret!, clock.now()) })
    expect(done.status).toBe(200)
    const codes = [...(await done.text()).matchAll(/<code>([a-z0-9]{4}-[a-z0-9]{4})<\/code>/g)].map(
      (m) => m[1]!,
    )
    expect(codes).toHaveLength(10)
    expect((await b.get('/staff')).status).toBe(200)

    const b2 = new Browser(app)
    await b2.post('/staff/sign-in', { login: 'newtutor', password: 'a long unusual passphrase' })
    expect((await b2.post('/staff/sign-in/code', { code: codes[0]! })).status).toBe(303)
    const b3 = new Browser(app)
    await b3.post('/staff/sign-in', { login: 'newtutor', password: 'a long unusual passphrase' })
    expect((await b3.post('/staff/sign-in/code', { code: codes[0]! })).status).toBe(422)
  })
})
