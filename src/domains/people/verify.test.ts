import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database } from '../../platform/db/client.ts'
import { devMessages } from '../../platform/db/tables.ts'
import { messageHandlers, Worker } from '../../platform/jobs/worker.ts'
import { createLogger } from '../../platform/log.ts'
import { sessions } from '../identity/tables.ts'
import { OTP, startVerification } from './service.ts'
import { persons } from './tables.ts'

let database: Database | null = null
afterEach(async () => {
  await database?.close()
  database = null
})

const PERSON = { name: '김순자', birthYear: '1950', birthMonth: '3', birthDay: '7', phone: '010-2345-6789' }

async function setup() {
  database = await freshDb()
  const clock = new TestClock(new Date())
  const t = testApp(database, { clock })
  // why: the outbox stamps run_at with the real clock; the worker must see those jobs as due
  const due = () => new Date(Math.max(Date.now(), clock.now().getTime()) + 1000)
  const worker = new Worker(database.db, messageHandlers, [], t.deps.transports, createLogger('silent'), due)
  /** Delivers queued texts to the dev outbox and returns the newest code sent to `to`. */
  const lastCode = async (to = '01023456789') => {
    await worker.drain()
    const rows = await database!.db.select().from(devMessages).where(eq(devMessages.recipient, to))
    const body = rows.at(-1)?.body ?? ''
    return body.match(/\d{6}/)?.[0] ?? ''
  }
  return { ...t, db: database.db, lastCode, clock }
}

describe('citizen verification', () => {
  it('sends a code through the outbox, then starts a new citizen session and shows /me', async () => {
    const { app, db, lastCode } = await setup()
    const b = new Browser(app)
    const form = await b.get('/verify')
    expect(form.status).toBe(200)
    const html = await form.text()
    expect(html).toContain('autocomplete="bday-year"')
    expect(html).toContain('autocomplete="tel"')
    const sent = await b.post('/verify', PERSON)
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toBe('/verify/code')
    const code = await lastCode()
    expect(code).toMatch(/^\d{6}$/)
    const [msg] = await db.select().from(devMessages)
    expect(msg!.body).toContain('인증번호')
    // the code is stored only as a hash
    const stored = await database!.query<{ code_hash: string; details_enc: string }>(
      'select * from verification_challenges',
    )
    expect(stored[0]!.code_hash).not.toContain(code)
    expect(stored[0]!.details_enc).not.toContain('김순자')

    b.cookies.set('gachi_sid', 'an-old-session-id-the-browser-had')
    const ok = await b.post('/verify/code', { code })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe('/me')
    const sid = b.cookies.get('gachi_sid')!
    expect(sid).not.toBe('an-old-session-id-the-browser-had')
    const [s] = await db.select().from(sessions)
    expect(s!.personId).toBeTruthy()
    expect(s!.staffId).toBeNull()
    const me = await b.get('/me')
    expect(me.status).toBe(200)
    expect(await me.text()).toContain('김순자')
    // the person's phone is encrypted at rest
    const [p] = await database!.query<{ phone_enc: string }>('select phone_enc from persons')
    expect(p!.phone_enc.startsWith('v1.')).toBe(true)
    expect(p!.phone_enc).not.toContain('2345')

    // verifying again matches the same person
    const b2 = new Browser(app)
    await b2.post('/verify', PERSON)
    await b2.post('/verify/code', { code: await lastCode() })
    expect(await db.select().from(persons)).toHaveLength(1)
  })

  it('answers the same whether or not the number is known', async () => {
    const { app, lastCode } = await setup()
    const b = new Browser(app)
    await b.post('/verify', PERSON)
    await b.post('/verify/code', { code: await lastCode() })
    const known = await new Browser(app).post('/verify', PERSON)
    const unknown = await new Browser(app).post('/verify', { ...PERSON, phone: '010-9999-0000' })
    expect(known.status).toBe(unknown.status)
    expect(known.headers.get('location')).toBe(unknown.headers.get('location'))
    const api = (phone: string) =>
      app.request('/api/v1/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: '김순자', birthDate: '1950-03-07', phone }),
      })
    const [a, u] = [await api('010-2345-6789'), await api('010-8888-0000')]
    expect(a.status).toBe(202)
    expect(u.status).toBe(202)
    const [ja, ju] = [(await a.json()) as Record<string, string>, (await u.json()) as Record<string, string>]
    expect(Object.keys(ja).sort()).toEqual(Object.keys(ju).sort())
    expect(ja.message).toBe(ju.message)
  })

  it('expires the code after 10 minutes', async () => {
    const { app, clock, lastCode } = await setup()
    const b = new Browser(app)
    await b.post('/verify', PERSON)
    const code = await lastCode()
    clock.advance(OTP.ttlMs + 1000)
    const r = await b.post('/verify/code', { code })
    expect(r.status).toBe(422)
    expect(await r.text()).toContain('만료')
    expect(b.cookies.has('gachi_sid')).toBe(false)
  })

  it('allows 5 tries, then the code is dead even when right', async () => {
    const { app, lastCode } = await setup()
    const b = new Browser(app)
    await b.post('/verify', PERSON)
    const code = await lastCode()
    const wrong = code === '000000' ? '111111' : '000000'
    for (let i = 1; i <= 4; i++) {
      const r = await b.post('/verify/code', { code: wrong })
      expect(r.status).toBe(422)
      expect(await r.text()).toContain(`${5 - i}번 더`)
    }
    expect((await b.post('/verify/code', { code: wrong })).status).toBe(429)
    expect((await b.post('/verify/code', { code })).status).toBe(429)
    expect(b.cookies.has('gachi_sid')).toBe(false)
  })

  it('limits sends per number (3 in 10 minutes, 10 a day) and per IP address', async () => {
    const { db, clock } = await setup()
    const input = { name: '이영희', birthDate: '1948-12-01', phone: '01055556666' }
    const meta = () => ({ ip: null, now: clock.now() })
    for (let i = 0; i < 3; i++) await startVerification(db, input, meta())
    await expect(startVerification(db, input, meta())).rejects.toMatchObject({ status: 429 })
    for (let i = 0; i < 3; i++) {
      clock.advance(11 * 60_000)
      for (let j = 0; j < 3 && 3 + i * 3 + j < 10; j++) await startVerification(db, input, meta())
    }
    clock.advance(11 * 60_000)
    await expect(startVerification(db, input, meta())).rejects.toMatchObject({ code: 'too_many_requests' })
    // per IP: many numbers from one address
    const ipMeta = () => ({ ip: '203.0.113.9', now: clock.now() })
    for (let i = 0; i < OTP.perIp[0].max; i++)
      await startVerification(db, { ...input, phone: `0107000${String(i).padStart(4, '0')}` }, ipMeta())
    await expect(startVerification(db, { ...input, phone: '01071112222' }, ipMeta())).rejects.toMatchObject({
      status: 429,
    })
    await startVerification(db, { ...input, phone: '01071112222' }, { ip: '203.0.113.10', now: clock.now() })
  })

  it('uses the socket address for the per-IP limit through HTTP', async () => {
    const { app } = await setup()
    const env = { incoming: { socket: { remoteAddress: '198.51.100.7' } } }
    const send = (i: number) =>
      app.request(
        '/api/v1/verify',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: '박민수',
            birthDate: '1960-01-01',
            phone: `0108000${String(i).padStart(4, '0')}`,
          }),
        },
        env,
      )
    for (let i = 0; i < OTP.perIp[0].max; i++) expect((await send(i)).status).toBe(202)
    expect((await send(99)).status).toBe(429)
  })

  it('refuses a resident registration number typed into a field', async () => {
    const { app } = await setup()
    const r = await new Browser(app).post('/verify', { ...PERSON, name: '김순자 500307-2345678' })
    expect(r.status).toBe(422)
    expect(await r.text()).toContain('주민등록번호는 입력하지 마세요')
  })

  it('appears in the OpenAPI document', async () => {
    const { app } = await setup()
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/verify', '/verify/code', '/people', '/people/{id}']),
    )
  })
})
