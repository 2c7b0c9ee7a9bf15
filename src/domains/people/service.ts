import { randomInt, randomUUID } from 'node:crypto'
import type { SQL } from 'drizzle-orm'
import { accessLogCtes, logAccess } from '../../platform/audit/access-log.ts'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize, orgIdsOf } from '../../platform/auth/actor.ts'
import { randomToken, safeEqual, sha256 } from '../../platform/auth/crypto.ts'
import { createSession } from '../../platform/auth/session.ts'
import { blindIndex, blindIndexCandidates, decryptField, encryptField } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { parse } from '../../platform/http/parse.ts'
import type { RequestMeta } from '../../platform/http/request-meta.ts'
import { translate } from '../../platform/i18n/index.ts'
import { enqueueSms } from '../../platform/jobs/queue.ts'
import { holdsFor, personHooks, type RetentionHold } from './hooks.ts'
import { canSeePerson } from './policy.ts'
import { AAD, IDX, nameBirthKey, presentPerson, presentSummary, sealIdentity } from './present.ts'
import * as repo from './repo.ts'
import {
  type PeopleSearch,
  ProxyInput,
  type ProxyInput as ProxyInputType,
  type RegisterPerson,
  type VerifyStart,
} from './schema.ts'
import type { Channel, SensitiveCategory } from './tables.ts'

export type { RequestMeta }

type Staff = Extract<Actor, { kind: 'staff' }>

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** One-time code rules: 10 minutes, 5 tries; sends limited per number and per IP address. */
export const OTP = {
  ttlMs: 10 * MINUTE,
  maxAttempts: 5,
  perNumber: [
    { windowMs: 10 * MINUTE, max: 3 },
    { windowMs: DAY, max: 10 },
  ],
  perIp: [
    { windowMs: 10 * MINUTE, max: 10 },
    { windowMs: DAY, max: 50 },
  ],
} as const

/** Erasure requests are carried out within this time (the daily job usually does it the next night). */
export const ERASURE_DUE_MS = 10 * DAY

const otpHash = (challengeId: string, code: string) => blindIndex('otp', `${challengeId}:${code}`)
const otpCandidates = (challengeId: string, code: string) =>
  blindIndexCandidates('otp', `${challengeId}:${code}`)

function asStaff(actor: Actor): Staff {
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  return actor
}

// ── citizen verification ────────────────────────────────────────────────────────────────────────

/**
 * Sends a 6-digit code to the mobile number (outbox, same transaction). The answer is the same
 * whether or not the number belongs to anyone: nobody is looked up until the code is confirmed.
 * Returns the challenge token the browser keeps.
 */
export async function startVerification(
  db: Db,
  input: VerifyStart,
  meta: RequestMeta,
): Promise<{ token: string; expiresAt: Date }> {
  const phoneHashes = blindIndexCandidates(IDX.phone, input.phone)
  const ipHashes = meta.ip ? blindIndexCandidates(IDX.ip, meta.ip) : null
  return db.transaction(async (tx) => {
    await repo.lockKey(tx, `otp:phone:${phoneHashes[0]}`)
    if (ipHashes) await repo.lockKey(tx, `otp:ip:${ipHashes[0]}`)
    for (const rule of OTP.perNumber) {
      const n = await repo.countChallenges(
        tx,
        'phone',
        phoneHashes,
        new Date(meta.now.getTime() - rule.windowMs),
      )
      if (n >= rule.max) throw new AppError('too_many_requests', 'people.verify.tooManySends')
    }
    if (ipHashes)
      for (const rule of OTP.perIp) {
        const n = await repo.countChallenges(tx, 'ip', ipHashes, new Date(meta.now.getTime() - rule.windowMs))
        if (n >= rule.max) throw new AppError('too_many_requests', 'people.verify.tooManySends')
      }
    const token = randomToken(24)
    const id = crypto.randomUUID()
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    const expiresAt = new Date(meta.now.getTime() + OTP.ttlMs)
    await repo.insertChallenge(tx, {
      id,
      tokenHash: sha256(token),
      phoneHash: phoneHashes[0]!,
      ipHash: ipHashes?.[0] ?? null,
      codeHash: otpHash(id, code),
      detailsEnc: encryptField(JSON.stringify(input), AAD.challenge),
      createdAt: meta.now,
      expiresAt,
    })
    // a one-time code is about no case, so it carries no reference number
    await enqueueSms(tx, {
      to: input.phone,
      body: translate(meta.locale ?? 'ko', 'people.verify.sms', { code }),
      reference: null,
    })
    return { token, expiresAt }
  })
}

/**
 * Checks a code. On success: finds the person (same name, birth date and number) or creates them,
 * and starts a new citizen session. Wrong codes are counted; after 5 the code is dead.
 */
export async function confirmVerification(
  db: Db,
  token: string,
  code: string,
  meta: RequestMeta,
): Promise<{ sessionId: string; personId: string; created: boolean }> {
  const r = await db.transaction(async (tx) => {
    const ch = await repo.lockChallenge(tx, sha256(token))
    if (!ch || ch.consumedAt || ch.expiresAt <= meta.now) return { fail: 'people.verify.expired' as const }
    if (ch.attempts >= OTP.maxAttempts) return { fail: 'people.verify.tooManyTries' as const }
    if (!otpCandidates(ch.id, code).some((h) => safeEqual(h, ch.codeHash))) {
      const attempts = ch.attempts + 1
      await repo.updateChallenge(tx, ch.id, { attempts })
      return attempts >= OTP.maxAttempts
        ? { fail: 'people.verify.tooManyTries' as const }
        : { fail: 'people.verify.wrongCode' as const, left: OTP.maxAttempts - attempts }
    }
    await repo.updateChallenge(tx, ch.id, { consumedAt: meta.now, attempts: ch.attempts + 1 })
    const d = JSON.parse(decryptField(ch.detailsEnc, AAD.challenge)) as VerifyStart
    const { person, created } = await findOrCreate(tx, d, { channel: 'web', createdBy: null, now: meta.now })
    const sessionId = await createSession(tx, { personId: person.id }, meta)
    if (created)
      await audit(tx, 'system', {
        entity: 'person',
        entityId: person.id,
        action: 'create',
        after: { channel: 'web' },
        at: meta.now,
      })
    return { sessionId, personId: person.id, created }
  })
  if ('fail' in r && r.fail) {
    const fail: string = r.fail
    const left = 'left' in r && r.left ? r.left : 0
    throw new AppError(
      fail === 'people.verify.tooManyTries' ? 'too_many_requests' : 'validation',
      fail,
      fail === 'people.verify.wrongCode' ? { code: fail } : {},
      { left },
      { fieldParams: { code: { left } } },
    )
  }
  return r as { sessionId: string; personId: string; created: boolean }
}

/** The person with exactly these details, or a new record; one at a time per identity. */
async function findOrCreate(
  tx: Db,
  d: {
    name: string
    birthDate: string
    phone: string
    address?: string | null
    districtCode?: string | null
    preferredLanguage?: 'ko' | 'en'
  },
  opts: { channel: Channel; createdBy: string | null; now: Date },
): Promise<{ person: repo.PersonRow; created: boolean }> {
  const nb = blindIndexCandidates(IDX.nameBirth, nameBirthKey(d.name, d.birthDate))
  await repo.lockKey(tx, identityLockKey(d.name, d.birthDate))
  const existing = await repo.findByIdentity(tx, nb, blindIndexCandidates(IDX.phone, d.phone))
  if (existing) {
    await repo.touchPerson(tx, existing.id, opts.now)
    return { person: existing, created: false }
  }
  const person = await repo.insertPerson(tx, {
    ...sealIdentity(d),
    districtCode: d.districtCode ?? null,
    preferredLanguage: d.preferredLanguage ?? 'ko',
    createdChannel: opts.channel,
    createdBy: opts.createdBy,
    createdAt: opts.now,
    updatedAt: opts.now,
    lastActivityAt: opts.now,
  })
  return { person, created: true }
}

// ── proxy ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Records that someone acted for a person (phone call, walk-in, social worker, field visit) with the
 * person's consent and how it was given. Other domains call this in their own transaction.
 */
export async function recordProxy(tx: Db, input: ProxyInputType): Promise<string> {
  const p = parse(ProxyInput, input)
  return repo.insertProxy(tx, {
    ...p,
    entity: p.entity ?? null,
    entityId: p.entityId ?? null,
    note: p.note ?? null,
  })
}

/** The advisory-lock key that serialises finding or creating one identity (name + birth date). */
export const identityLockKey = (name: string, birthDate: string) =>
  `person:${blindIndexCandidates(IDX.nameBirth, nameBirthKey(name, birthDate))[0]}`

/**
 * Staff register a person on their behalf, or find them when the same name, birth date and number
 * exist; the person is linked to the staff member's organisation and the proxy action recorded.
 */
export async function registerPerson(
  db: Db,
  actor: Actor,
  input: RegisterPerson,
  meta: RequestMeta,
): Promise<{ personId: string; created: boolean }> {
  const staff = checkRegistration(actor, input)
  return db.transaction((tx) => registerIn(tx, staff, input, meta, false))
}

/**
 * registerPerson inside the caller's transaction (no savepoint: an error aborts the caller's
 * transaction, which then rolls back as a whole). When `identityLocked`, the caller has already taken
 * `identityLockKey(name, birthDate)` in this transaction in an earlier statement (so the lookup, a later
 * statement, sees every identity committed before the lock was granted).
 * Three round trips at most: the lock, one statement that finds or creates the person and writes the
 * organisation link, the proxy record and the audit entry, and the access-log append.
 */
export async function registerPersonIn(
  tx: Db,
  actor: Actor,
  input: RegisterPerson,
  meta: RequestMeta,
  opts: { identityLocked: boolean },
): Promise<{ personId: string; created: boolean }> {
  return registerIn(tx, checkRegistration(actor, input), input, meta, opts.identityLocked)
}

function checkRegistration(actor: Actor, input: RegisterPerson): Staff {
  const staff = asStaff(actor)
  authorize(staff, 'people:write')
  if (input.channel !== 'web' && !input.consentGiven && input.relationship !== 'self')
    throw new AppError('validation', 'validation.summary', { consentGiven: 'people.proxy.consentNeeded' })
  return staff
}

/**
 * A registration for a caller that runs it inside a statement of its own (one round trip less):
 * `ctes` (see repo.registrationCtes; they define `person` (id, created)) and `logged`, to call with
 * the result in the same transaction (the access-log entry). The caller holds the identity lock.
 */
export function personRegistration(
  actor: Actor,
  input: RegisterPerson,
  meta: RequestMeta,
): {
  ctes: SQL
  /** The access-log entry as CTEs after `ctes` (defines access_log_moved; empty when no lane was free). */
  logCtes: SQL
  logged: (tx: Db, r: { personId: string; created: boolean }) => Promise<void>
} {
  const staff = checkRegistration(actor, input)
  const newId = randomUUID()
  // the proxy record is validated as recordProxy validates it (the purpose is set in SQL: register or link)
  const proxy = parse(ProxyInput, {
    personId: newId,
    channel: input.channel,
    actedBy: staff.id,
    orgId: staff.orgId,
    relationship: input.relationship,
    consentGiven: input.consentGiven,
    consentMethod: input.consentMethod,
    purpose: 'people.register',
    note: input.note,
    at: meta.now,
  })
  const ctes = repo.registrationCtes({
    nameBirth: blindIndexCandidates(IDX.nameBirth, nameBirthKey(input.name, input.birthDate)),
    phone: blindIndexCandidates(IDX.phone, input.phone),
    person: {
      id: newId,
      ...sealIdentity(input),
      districtCode: input.districtCode ?? null,
      preferredLanguage: input.preferredLanguage ?? 'ko',
      createdChannel: input.channel,
      createdBy: staff.id,
      createdAt: meta.now,
      updatedAt: meta.now,
      lastActivityAt: meta.now,
    },
    orgId: staff.orgId,
    proxy: {
      channel: proxy.channel,
      actedBy: proxy.actedBy,
      relationship: proxy.relationship,
      consentGiven: proxy.consentGiven,
      consentMethod: proxy.consentMethod,
      note: proxy.note ?? null,
    },
    staffId: staff.id,
    auditAfter: { channel: input.channel, orgId: staff.orgId },
    now: meta.now,
  })
  const logged = (tx: Db, r: { personId: string; created: boolean }) =>
    logAccess(tx, {
      staffId: staff.id,
      ip: meta.ip,
      personId: r.personId,
      action: r.created ? 'create' : 'change',
      detail: r.created ? null : { linkedOrg: staff.orgId },
      at: meta.now,
    })
  // the same entry as `logged` writes, for the caller's statement
  const logCtes = accessLogCtes({ staffId: staff.id, ip: meta.ip, at: meta.now }, repo.registered.personId, {
    when: repo.registered.created,
    yes: { action: 'create', detail: null },
    no: { action: 'change', detail: { linkedOrg: staff.orgId } },
  })
  return { ctes, logCtes, logged }
}

async function registerIn(
  tx: Db,
  staff: Staff,
  input: RegisterPerson,
  meta: RequestMeta,
  identityLocked: boolean,
): Promise<{ personId: string; created: boolean }> {
  const { ctes, logged } = personRegistration(staff, input, meta)
  if (!identityLocked) await repo.lockKey(tx, identityLockKey(input.name, input.birthDate))
  const r = await repo.runRegistration(tx, ctes)
  await logged(tx, r)
  return r
}

// ── staff reads ─────────────────────────────────────────────────────────────────────────────────

/** A person the staff member may see, with the read logged; not_found otherwise (never "forbidden"). */
async function visiblePerson(
  tx: Db,
  staff: Staff,
  action: 'people:read' | 'people:write' | 'people:erase' | 'people:export' | 'people:merge',
  id: string,
) {
  const scope = authorize(staff, action)
  const person = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findPerson(tx, id) : undefined
  if (!person || !canSeePerson(scope, orgIdsOf(staff), await repo.orgIdsOf(tx, person.id)))
    throw new AppError('not_found', 'people.notFound')
  return person
}

/** Staff search: by part of the name, exact number or exact name + birth date; each result is logged. */
export async function searchPeople(db: Db, actor: Actor, q: PeopleSearch, meta: RequestMeta) {
  const staff = asStaff(actor)
  const scope = authorize(staff, 'people:read')
  if (!q.q && !q.phone) return []
  return db.transaction(async (tx) => {
    const rows = await repo.searchPersons(tx, {
      namePart: q.birthDate ? undefined : q.q,
      phoneHashes: q.phone ? blindIndexCandidates(IDX.phone, q.phone) : undefined,
      nameBirthHashes:
        q.birthDate && q.q ? blindIndexCandidates(IDX.nameBirth, nameBirthKey(q.q, q.birthDate)) : undefined,
      orgIds: scope === 'all' ? undefined : orgIdsOf(staff),
    })
    const detail = {
      criteria: Object.keys(q).filter((k) => q[k as keyof PeopleSearch]),
      results: rows.length,
    }
    await logAccess(
      tx,
      rows.length
        ? rows.map((r) => ({
            staffId: staff.id,
            ip: meta.ip,
            personId: r.id,
            action: 'search' as const,
            detail,
            at: meta.now,
          }))
        : [
            {
              staffId: staff.id,
              ip: meta.ip,
              personId: null,
              action: 'search' as const,
              detail,
              at: meta.now,
            },
          ],
    )
    return rows.map(presentSummary)
  })
}

/** One person's record for staff (logged as a view), with possible duplicates for those who may merge. */
export async function viewPerson(db: Db, actor: Actor, id: string, meta: RequestMeta) {
  const staff = asStaff(actor)
  return db.transaction(async (tx) => {
    const p = await visiblePerson(tx, staff, 'people:read', id)
    await logAccess(tx, { staffId: staff.id, ip: meta.ip, personId: p.id, action: 'view', at: meta.now })
    const mayMerge = (() => {
      try {
        authorize(staff, 'people:merge')
        return true
      } catch {
        return false
      }
    })()
    const duplicates =
      mayMerge && p.status === 'active' ? (await repo.possibleDuplicates(tx, p)).map(presentSummary) : []
    return {
      person: presentPerson(p),
      duplicates,
      proxies: await repo.proxyActionsOf(tx, p.id),
      consents: await repo.consentsOf(tx, p.id),
      erasure: (await repo.latestErasure(tx, p.id)) ?? null,
    }
  })
}

/** Everything held about a person, for a subject-access or transfer request; the reason is logged. */
export async function exportPerson(db: Db, actor: Actor, id: string, reason: string, meta: RequestMeta) {
  const staff = asStaff(actor)
  return db.transaction(async (tx) => {
    const p = await visiblePerson(tx, staff, 'people:export', id)
    await logAccess(tx, {
      staffId: staff.id,
      ip: meta.ip,
      personId: p.id,
      action: 'export',
      reason,
      at: meta.now,
    })
    return {
      person: presentPerson(p),
      organisations: await repo.orgIdsOf(tx, p.id),
      proxyActions: await repo.proxyActionsOf(tx, p.id),
      sensitiveConsents: await repo.consentsOf(tx, p.id),
      exportedAt: meta.now.toISOString(),
    }
  })
}

/**
 * Merges a duplicate into the record that stays: references move (this domain's and every registered
 * domain's), the duplicate keeps no personal data and points at the other; an audit entry is kept.
 */
export async function mergePersons(db: Db, actor: Actor, fromId: string, intoId: string, meta: RequestMeta) {
  const staff = asStaff(actor)
  if (fromId === intoId) throw new AppError('validation', 'validation.summary', { into: 'people.merge.same' })
  return db.transaction(async (tx) => {
    await visiblePerson(tx, staff, 'people:merge', fromId)
    await visiblePerson(tx, staff, 'people:merge', intoId)
    const locked = await repo.lockPersons(tx, [fromId, intoId])
    const from = locked.find((p) => p.id === fromId)
    const into = locked.find((p) => p.id === intoId)
    if (!from || !into || from.status !== 'active' || into.status !== 'active')
      throw new AppError('conflict', 'people.merge.notActive')
    await repo.moveReferences(tx, fromId, intoId)
    for (const h of personHooks()) if (h.moveReferences) await h.moveReferences(tx, fromId, intoId)
    const filled: string[] = []
    const patch: Partial<repo.NewPerson> = { updatedAt: meta.now, lastActivityAt: meta.now }
    if (!into.addressEnc && from.addressEnc) {
      patch.addressEnc = encryptField(decryptField(from.addressEnc, AAD.address), AAD.address)
      filled.push('address')
    }
    if (!into.districtCode && from.districtCode) {
      patch.districtCode = from.districtCode
      filled.push('districtCode')
    }
    await repo.updatePerson(tx, intoId, patch)
    await repo.updatePerson(tx, fromId, {
      status: 'merged',
      mergedInto: intoId,
      name: null,
      birthDateEnc: null,
      phoneEnc: null,
      addressEnc: null,
      phoneHash: null,
      nameBirthHash: null,
      districtCode: null,
      updatedAt: meta.now,
    })
    await repo.endPersonSessions(tx, fromId, 'merged', meta.now)
    await audit(tx, staff, {
      entity: 'person',
      entityId: intoId,
      action: 'merge',
      before: { from: fromId, into: intoId },
      after: { merged: fromId, filledFromDuplicate: filled },
      at: meta.now,
    })
    await logAccess(tx, [
      {
        staffId: staff.id,
        ip: meta.ip,
        personId: fromId,
        action: 'merge',
        detail: { into: intoId },
        at: meta.now,
      },
      {
        staffId: staff.id,
        ip: meta.ip,
        personId: intoId,
        action: 'merge',
        detail: { from: fromId },
        at: meta.now,
      },
    ])
    return { into: intoId }
  })
}

// ── erasure ─────────────────────────────────────────────────────────────────────────────────────

async function requestErasureTx(
  tx: Db,
  personId: string,
  by: { kind: 'self' } | { kind: 'staff'; staffId: string },
  now: Date,
): Promise<repo.ErasureRow> {
  const pending = await repo.pendingErasure(tx, personId)
  if (pending) return pending
  return repo.insertErasure(tx, {
    personId,
    requestedAt: now,
    requestedBy: by.kind,
    staffId: by.kind === 'staff' ? by.staffId : null,
    dueAt: new Date(now.getTime() + ERASURE_DUE_MS),
  })
}

/** A verified citizen asks for their data to be erased (carried out by the daily job within 10 days). */
export async function requestOwnErasure(db: Db, actor: Actor, meta: RequestMeta) {
  if (actor.kind !== 'citizen') throw new AppError('forbidden', 'auth.forbidden')
  return db.transaction(async (tx) => {
    const req = await requestErasureTx(tx, actor.personId, { kind: 'self' }, meta.now)
    await audit(tx, actor, {
      entity: 'person',
      entityId: actor.personId,
      action: 'erasure.requested',
      at: meta.now,
    })
    return req
  })
}

/** Staff record an erasure request made by the person (phone, visit, letter). */
export async function requestErasureFor(db: Db, actor: Actor, personId: string, meta: RequestMeta) {
  const staff = asStaff(actor)
  return db.transaction(async (tx) => {
    const p = await visiblePerson(tx, staff, 'people:erase', personId)
    const req = await requestErasureTx(tx, p.id, { kind: 'staff', staffId: staff.id }, meta.now)
    await audit(tx, staff, { entity: 'person', entityId: p.id, action: 'erasure.requested', at: meta.now })
    await logAccess(tx, {
      staffId: staff.id,
      ip: meta.ip,
      personId: p.id,
      action: 'erase',
      detail: { request: req.id },
      at: meta.now,
    })
    return req
  })
}

/**
 * Erases a person: every registered domain destroys its data, keeping only what a legal hold needs;
 * the person is pseudonymised (no phone, address or date of birth; the name only if a hold needs it).
 */
export async function erasePerson(tx: Db, personId: string, now: Date): Promise<RetentionHold[]> {
  const [p] = await repo.lockPersons(tx, [personId])
  if (!p || p.status === 'erased') return []
  const holds = await holdsFor(tx, personId, now)
  for (const h of personHooks()) if (h.erase) await h.erase(tx, personId, holds)
  await repo.deletePersonalRows(tx, p, holds.length > 0)
  await repo.endPersonSessions(tx, personId, 'erased', now)
  await repo.updatePerson(tx, personId, {
    status: 'erased',
    name: holds.some((h) => h.keepName) ? p.name : null,
    birthDateEnc: null,
    phoneEnc: null,
    addressEnc: null,
    phoneHash: null,
    nameBirthHash: null,
    districtCode: null,
    erasedAt: now,
    updatedAt: now,
  })
  await audit(tx, 'system', {
    entity: 'person',
    entityId: personId,
    action: 'erase',
    after: {
      holds: holds.map((h) => ({ source: h.source, reason: h.reason, until: h.until.toISOString() })),
    },
    at: now,
  })
  return holds
}

/** Carries out every pending erasure request; returns how many. */
export async function processErasures(db: Db, now: Date): Promise<number> {
  const pending = await repo.allPendingErasures(db)
  for (const req of pending)
    await db.transaction(async (tx) => {
      const holds = await erasePerson(tx, req.personId, now)
      await repo.completeErasure(
        tx,
        req.id,
        now,
        holds.map((h) => ({
          source: h.source,
          reason: h.reason,
          until: h.until.toISOString(),
          keep: h.keepName ? ['name'] : [],
        })),
      )
    })
  return pending.length
}

// ── sensitive-data consent ──────────────────────────────────────────────────────────────────────

/** Records explicit consent to process disability or health data (separate from any other consent). */
export async function grantSensitiveConsent(
  tx: Db,
  input: {
    personId: string
    category: SensitiveCategory
    purpose: string
    channel: Channel
    proxyActionId?: string | null
    at: Date
  },
) {
  return repo.insertConsent(tx, {
    personId: input.personId,
    category: input.category,
    purpose: input.purpose,
    givenChannel: input.channel,
    givenAt: input.at,
    proxyActionId: input.proxyActionId ?? null,
  })
}

/** Whether the person currently consents to this category (other domains check before storing such data). */
export async function hasSensitiveConsent(
  db: Db,
  personId: string,
  category: SensitiveCategory,
): Promise<boolean> {
  return !!(await repo.activeConsent(db, personId, category))
}

/** Staff record a sensitive-data consent given on the person's behalf (with the proxy record). */
export async function recordSensitiveConsentFor(
  db: Db,
  actor: Actor,
  personId: string,
  input: { category: SensitiveCategory; purpose: string; channel: Channel },
  meta: RequestMeta,
) {
  const staff = asStaff(actor)
  return db.transaction(async (tx) => {
    const p = await visiblePerson(tx, staff, 'people:write', personId)
    const proxyActionId = await recordProxy(tx, {
      personId: p.id,
      channel: input.channel,
      actedBy: staff.id,
      orgId: staff.orgId,
      relationship: 'staff',
      consentGiven: true,
      consentMethod: input.channel === 'phone' ? 'verbal' : input.channel === 'web' ? 'online' : 'in_person',
      purpose: `people.sensitiveConsent.${input.category}`,
      at: meta.now,
    })
    const c = await grantSensitiveConsent(tx, { personId: p.id, ...input, proxyActionId, at: meta.now })
    await audit(tx, staff, {
      entity: 'person',
      entityId: p.id,
      action: 'consent.granted',
      after: { category: input.category },
      at: meta.now,
    })
    await logAccess(tx, {
      staffId: staff.id,
      ip: meta.ip,
      personId: p.id,
      action: 'change',
      detail: { consent: input.category },
      at: meta.now,
    })
    return c
  })
}

/** The citizen revokes a sensitive-data consent of their own; domains are told to delete that data. */
export async function revokeOwnConsent(db: Db, actor: Actor, consentId: string, meta: RequestMeta) {
  if (actor.kind !== 'citizen') throw new AppError('forbidden', 'auth.forbidden')
  return db.transaction(async (tx) => {
    const c = /^[0-9a-f-]{36}$/i.test(consentId) ? await repo.lockConsent(tx, consentId) : undefined
    if (!c || c.personId !== actor.personId) throw new AppError('not_found', 'people.consent.notFound')
    if (c.revokedAt) return c
    await repo.revokeConsent(tx, c.id, meta.now, 'web')
    for (const h of personHooks())
      if (h.sensitiveConsentRevoked) await h.sensitiveConsentRevoked(tx, c.personId, c.category)
    await audit(tx, actor, {
      entity: 'person',
      entityId: c.personId,
      action: 'consent.revoked',
      after: { category: c.category },
      at: meta.now,
    })
    return { ...c, revokedAt: meta.now }
  })
}

// ── the citizen's own record ────────────────────────────────────────────────────────────────────

/** What a verified citizen sees about themselves. */
export async function myRecord(db: Db, actor: Actor) {
  if (actor.kind !== 'citizen') throw new AppError('forbidden', 'auth.forbidden')
  const p = await repo.findPerson(db, actor.personId)
  if (p?.status !== 'active') throw new AppError('not_found', 'people.notFound')
  return {
    person: presentPerson(p),
    consents: await repo.consentsOf(db, p.id),
    erasure: (await repo.latestErasure(db, p.id)) ?? null,
  }
}

/**
 * For anonymous statistics only (the stats collector): each person's birth date and district, so the
 * collector can put an event in an age group and a district without reading the persons table. The
 * result is not stored: the event keeps the group, never the person.
 */
export async function statProfiles(
  db: Db,
  ids: string[],
): Promise<Map<string, { birthDate: string | null; districtCode: string | null }>> {
  const valid = [...new Set(ids)].filter((i) => /^[0-9a-f-]{36}$/i.test(i))
  const rows = await repo.statFieldsOf(db, valid)
  return new Map(
    rows.map((r) => [
      r.id,
      {
        birthDate: r.birthDateEnc ? decryptField(r.birthDateEnc, AAD.birthDate) : null,
        districtCode: r.districtCode,
      },
    ]),
  )
}
