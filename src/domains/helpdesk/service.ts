import { randomInt, randomUUID } from 'node:crypto'
import { logAccess } from '../../platform/audit/access-log.ts'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import { scopeFor } from '../../platform/auth/permissions.ts'
import { decryptOptional, encryptOptional } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/http/params.ts'
import { type Locale, translate } from '../../platform/i18n/index.ts'
import { enqueueEmail, enqueueSms } from '../../platform/jobs/queue.ts'
import { findCitizenDevice, openRepair } from '../devices/service.ts'
import { enrol } from '../education/service.ts'
import { presentPerson } from '../people/present.ts'
import * as people from '../people/repo.ts'
import { type RequestMeta, recordProxy, registerPerson } from '../people/service.ts'
import * as repo from './repo.ts'
import type {
  ArticleInput,
  AskInput,
  CannedInput,
  EscalateClassInput,
  EscalateRepairInput,
  IntakeInput,
  ReferralInput,
  ReplyInput,
  SkillsInput,
} from './schema.ts'
import { anyOf, initialsOf, isInitialsQuery, jamoOf, normalise, wordsOf } from './search.ts'
import { dueTimes, resolvedWithinSla, resumeDue } from './sla.ts'
import type { REFERRAL_CHANNELS, TicketCategory } from './tables.ts'

type Staff = Extract<Actor, { kind: 'staff' }>

/** Screenshot limits: PNG, JPEG or WebP up to 800 KB (the request body limit is 1 MB). */
export const UPLOAD = { maxBytes: 800 * 1024, types: ['image/png', 'image/jpeg', 'image/webp'] } as const

export interface Upload {
  type: string
  bytes: Uint8Array
}

// ── knowledge base ──────────────────────────────────────────────────────────────────────────────

/** The search keys of an article's text (kept on the article row). */
export const searchKeys = (a: ArticleInput) => ({
  searchText: normalise(
    [
      a.titleKo,
      a.titleEn,
      a.summaryKo,
      a.summaryEn,
      ...a.steps.flatMap((s) => [s.ko, s.en]),
      ...a.devices,
      ...a.tasks,
    ].join(' '),
  ),
  searchInitials: initialsOf(`${a.titleKo} ${a.summaryKo}`),
  searchTitle: normalise(`${a.titleKo} ${a.titleEn}`),
})

/** Saves an article: a new one, or a new version of the one with the same slug (history is kept). */
export async function saveArticle(db: Db, actor: Actor | 'system', input: ArticleInput, now: Date) {
  if (actor !== 'system') authorize(actor, 'helpdesk:articles')
  const editedBy = actor !== 'system' && actor.kind === 'staff' ? actor.id : null
  return db.transaction(async (tx) => {
    const existing = await repo.articleBySlug(tx, input.slug, true)
    const keys = searchKeys(input)
    const article =
      existing ??
      (await repo.insertArticle(tx, {
        slug: input.slug,
        currentVersion: 0,
        devices: input.devices,
        tasks: input.tasks,
        ...keys,
        updatedAt: now,
      }))
    const next = article.currentVersion + 1
    await repo.insertVersion(tx, {
      articleId: article.id,
      version: next,
      titleKo: input.titleKo,
      titleEn: input.titleEn,
      summaryKo: input.summaryKo,
      summaryEn: input.summaryEn,
      steps: input.steps,
      note: input.note ?? null,
      editedBy,
      at: now,
    })
    await repo.updateArticle(tx, article.id, {
      currentVersion: next,
      devices: input.devices,
      tasks: input.tasks,
      ...keys,
      updatedAt: now,
    })
    await repo.addTerms(tx, termsOf(keys.searchText))
    await audit(tx, actor, {
      entity: 'help_article',
      entityId: article.id,
      action: `version.${next}`,
      at: now,
    })
    return { slug: input.slug, version: next }
  })
}

/** An article in its current (or a given) version; 404 when unknown or unpublished. */
export async function getArticle(db: Db, slug: string, v?: number) {
  const a = await repo.articleBySlug(db, slug)
  if (!a?.published) throw new AppError('not_found', 'helpdesk.article.notFound')
  const ver = await repo.version(db, a.id, v ?? a.currentVersion)
  if (!ver) throw new AppError('not_found', 'helpdesk.article.notFound')
  return { article: a, version: ver }
}

export async function articleHistory(db: Db, slug: string) {
  const { article } = await getArticle(db, slug)
  return { article, versions: await repo.versionsOf(db, article.id) }
}

/** "Did this help?" — counted on the article (anonymous). */
export async function recordFeedback(db: Db, slug: string, helpful: boolean) {
  const { article } = await getArticle(db, slug)
  await repo.countFeedback(db, article.id, helpful)
}

/** Words worth correcting towards: letters only (numbers are not typo-corrected). */
const isTerm = (w: string) => !/\d/.test(w)

/** The words of an article for the typo-correction vocabulary. */
const termsOf = (searchText: string) =>
  [...new Set(wordsOf(searchText))].map((term) => ({ term, jamo: jamoOf(term) }))

/**
 * Rebuilds the typo-correction vocabulary from the published articles (daily, and at first start):
 * saving an article adds its words at once; this drops the words no article uses any more.
 */
export async function refreshSearchTerms(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const texts = await repo.publishedSearchTexts(tx)
    const terms = new Map<string, string>()
    for (const t of texts) for (const w of wordsOf(t)) if (isTerm(w) && !terms.has(w)) terms.set(w, jamoOf(w))
    await repo.clearTerms(tx)
    await repo.addTerms(
      tx,
      [...terms].map(([term, jamo]) => ({ term, jamo })),
    )
    await repo.analyzeSearch(tx)
    return terms.size
  })
}

/** Adds an article's words to the vocabulary (used when articles are loaded in bulk, e.g. the benchmark). */
export const addSearchTerms = (db: Db, searchText: string) => repo.addTerms(db, termsOf(searchText))

/**
 * Searches the knowledge base in the database: words in Korean or English as full-text prefixes
 * (글자 finds 글자를; all words and title hits first), Hangul initial consonants by the trigram index
 * ("ㅋㅇㅅㅋ" finds 키오스크), and near misses: a word no article has is replaced by the known words
 * whose jamo are most similar (pg_trgm similarity: "글짜" finds 글자). Filtered by device/task tags.
 */
export async function searchArticles(
  db: Db,
  q: { q?: string | undefined; device?: string | undefined; task?: string | undefined },
  locale: Locale,
  limit = 10,
) {
  const query = normalise(q.q ?? '')
  const present = (
    a: {
      slug: string
      titleKo: string
      titleEn: string
      summaryKo: string
      summaryEn: string
      devices: string[]
      tasks: string[]
    },
    score: number,
  ) => ({
    slug: a.slug,
    title: locale === 'en' ? a.titleEn : a.titleKo,
    summary: locale === 'en' ? a.summaryEn : a.summaryKo,
    devices: a.devices,
    tasks: a.tasks,
    score,
  })
  const tags = { device: q.device, task: q.task }
  const words = wordsOf(query).slice(0, 8)
  if (!isInitialsQuery(query) && words.length === 0) {
    if (query) return []
    const rows = await repo.currentArticles(db, {
      ...(q.device ? { device: q.device } : {}),
      ...(q.task ? { task: q.task } : {}),
      limit,
    })
    return rows.map((a) => present(a, 0))
  }
  const ranked: { id: string; score: number }[] = await repo.onIndexes(
    db,
    async (tx) => {
      if (isInitialsQuery(query)) {
        const rows = await repo.searchInitials(tx, { initials: query.replace(/\s+/g, ''), ...tags }, limit)
        return rows.map((r) => ({ id: r.id, score: r.starts ? 2 : 1 }))
      }
      // each word as a prefix, or — when no article has it — the known words nearest to it (typo)
      const alternatives: string[][] = []
      for (const w of words) {
        if (await repo.wordFound(tx, w)) alternatives.push([w])
        else {
          const near = jamoOf(w).length >= 3 ? await repo.nearTerms(tx, jamoOf(w)) : []
          if (near.length) alternatives.push(near)
        }
      }
      if (alternatives.length === 0) return []
      const rows = await repo.searchWords(
        tx,
        {
          anyQ: anyOf(alternatives.flat()),
          allQ: alternatives.map((alt) => `(${anyOf(alt)})`).join(' & '),
          ...tags,
        },
        limit,
      )
      return rows.map((r) => ({
        id: r.id,
        score: Math.round(((r.all ? 2 : 0) + (r.some ? 1 : 0) + Number(r.rank)) * 100) / 100,
      }))
    },
    !isInitialsQuery(query) || query.replace(/\s+/g, '').length >= 3,
  )
  const text = new Map(
    (
      await repo.articlesByIds(
        db,
        ranked.map((r) => r.id),
      )
    ).map((a) => [a.id, a]),
  )
  return ranked.flatMap((r) => {
    const a = text.get(r.id)
    return a ? [present(a, r.score)] : []
  })
}

/** Every device and task tag in use (for the browse filters). */
export async function tagsInUse(db: Db) {
  const all = await repo.tags(db)
  return {
    devices: [...new Set(all.flatMap((a) => a.devices))].sort(),
    tasks: [...new Set(all.flatMap((a) => a.tasks))].sort(),
  }
}

// ── tickets ─────────────────────────────────────────────────────────────────────────────────────

/** A reference easy to read out on the phone: year+month, then four digits (2611-4827). */
function newRef(now: Date): string {
  const k = new Date(now.getTime() + 9 * 3_600_000)
  const ym = `${String(k.getUTCFullYear()).slice(2)}${String(k.getUTCMonth() + 1).padStart(2, '0')}`
  return `${ym}-${String(randomInt(0, 10_000)).padStart(4, '0')}`
}

/** The agent with the right skill and language and the fewest open tickets (null when nobody fits). */
export async function pickAgent(tx: Db, category: TicketCategory, language: Locale): Promise<string | null> {
  const all = await repo.agents(tx)
  const fits = (a: (typeof all)[number], needLang: boolean) =>
    (a.categories ?? []).includes(category) && (!needLang || (a.languages ?? ['ko']).includes(language))
  const ranked = (xs: typeof all) => [...xs].sort((a, b) => a.open - b.open || a.id.localeCompare(b.id))
  return (
    (ranked(all.filter((a) => fits(a, true)))[0] ?? ranked(all.filter((a) => fits(a, false)))[0])?.id ?? null
  )
}

interface NewTicket {
  personId: string | null
  channel: 'web' | 'phone' | 'referral'
  category: TicketCategory
  priority?: 'low' | 'normal' | 'high' | 'urgent'
  language: Locale
  question: string
  replyChannel: 'sms' | 'call' | 'email' | 'web'
  email?: string | undefined
  createdBy: string | null
  referralNote?: string | undefined
  /** The citizen's own donated device the question is about (checked by the caller). */
  device?: { id: string; tag: string } | undefined
  referral?: {
    channel: (typeof REFERRAL_CHANNELS)[number]
    consentMethod: string
    name: string
    phone: string
  }
  upload?: Upload | undefined
  now: Date
}

async function createTicket(tx: Db, t: NewTicket) {
  if (t.upload) checkUpload(t.upload)
  const due = dueTimes(t.category, t.now)
  let row: repo.TicketRow | null = null
  for (let i = 0; i < 10 && !row; i++)
    row = await repo.insertTicket(tx, {
      ref: newRef(t.now),
      personId: t.personId,
      channel: t.channel,
      category: t.category,
      priority: t.priority ?? (t.category === 'scam' ? 'high' : 'normal'),
      language: t.language,
      subject: t.question.slice(0, 80),
      replyChannel: t.replyChannel,
      email: t.replyChannel === 'email' ? encryptOptional(t.email, TICKET_EMAIL_AAD) : null,
      createdBy: t.createdBy,
      referralNote: t.referralNote ?? null,
      ...(t.device ? { deviceId: t.device.id, deviceTag: t.device.tag } : {}),
      ...(t.referral
        ? {
            referralChannel: t.referral.channel,
            referralConsentMethod: t.referral.consentMethod,
            contactNameEnc: encryptOptional(t.referral.name, CONTACT_NAME_AAD),
            contactPhoneEnc: encryptOptional(t.referral.phone, CONTACT_PHONE_AAD),
          }
        : {}),
      assignedTo: await pickAgent(tx, t.category, t.language),
      createdAt: t.now,
      ...due,
    })
  if (!row) throw new AppError('conflict', 'helpdesk.ticket.refBusy')
  await repo.insertMessage(tx, { ticketId: row.id, kind: 'citizen', body: t.question, at: t.now })
  if (t.upload)
    await repo.insertAttachment(tx, {
      ticketId: row.id,
      mime: t.upload.type,
      size: t.upload.bytes.length,
      data: Buffer.from(t.upload.bytes),
      at: t.now,
    })
  await notifyCitizen(tx, row, translate(row.language, 'helpdesk.sms.received', { ref: row.ref }))
  await audit(tx, 'system', { entity: 'help_ticket', entityId: row.id, action: 'created', at: t.now })
  return row
}

function checkUpload(u: Upload) {
  if (!(UPLOAD.types as readonly string[]).includes(u.type))
    throw new AppError('validation', 'validation.summary', { screenshot: 'helpdesk.ask.fileType' })
  if (u.bytes.length > UPLOAD.maxBytes)
    throw new AppError('validation', 'validation.summary', { screenshot: 'helpdesk.ask.fileSize' })
}

/** A citizen's email address on a ticket is personal data: encrypted at rest like phone numbers. */
export const TICKET_EMAIL_AAD = 'help_tickets.email'
export const CONTACT_NAME_AAD = 'help_tickets.contact_name'
export const CONTACT_PHONE_AAD = 'help_tickets.contact_phone'

/** The name and phone a guide passed on with a referral (no person record), decrypted. */
export function referralContact(t: repo.TicketRow) {
  return {
    name: decryptOptional(t.contactNameEnc, CONTACT_NAME_AAD),
    phone: decryptOptional(t.contactPhoneEnc, CONTACT_PHONE_AAD),
  }
}

/** Sends a text to the ticket's citizen through the outbox (SMS, or email when they chose email). */
async function notifyCitizen(tx: Db, t: repo.TicketRow, body: string) {
  const email = decryptOptional(t.email, TICKET_EMAIL_AAD)
  if (t.replyChannel === 'email' && email) {
    await enqueueEmail(tx, {
      to: email,
      subject: translate(t.language, 'helpdesk.email.subject', { ref: t.ref }),
      body,
      reference: t.ref,
    })
    return
  }
  let phone: string | null = null
  if (t.personId) {
    const p = await people.findPerson(tx, t.personId)
    phone = p?.status === 'active' ? presentPerson(p).phone : null
  } else phone = referralContact(t).phone
  if (phone) await enqueueSms(tx, { to: phone, body, reference: t.ref })
}

/** A verified citizen asks a question on the web. */
export async function askQuestion(
  db: Db,
  actor: Actor,
  input: AskInput,
  upload: Upload | undefined,
  meta: RequestMeta,
) {
  if (actor.kind !== 'citizen') throw new AppError('forbidden', 'auth.forbidden')
  const personId = actor.personId
  // a question asked from one's device (devices module): only a device delivered to this citizen is linked
  const device = input.device ? await askableDevice(db, personId, input.device) : undefined
  return db.transaction((tx) =>
    createTicket(tx, {
      personId,
      channel: 'web',
      category: input.category,
      device,
      language: meta.locale ?? 'ko',
      question: input.question,
      replyChannel: input.replyChannel,
      email: input.email,
      createdBy: null,
      upload,
      now: meta.now,
    }),
  )
}

/**
 * The donated device a citizen asks about, by its asset tag: only one delivered to them (anything else —
 * someone else's device, a mistyped tag — is "not found", never a hint that the tag exists).
 */
export async function askableDevice(db: Db, personId: string, tag: string) {
  const d = await findCitizenDevice(db, personId, tag)
  if (!d) throw new AppError('not_found', 'helpdesk.ask.deviceUnknown')
  return d
}

/**
 * A phone call (or a digital guide's referral) becomes a ticket in one step: the caller is found or
 * registered (people records that proxy action), then the ticket is created and the proxy action for it recorded.
 */
export async function takeCall(db: Db, actor: Actor, input: IntakeInput, meta: RequestMeta) {
  authorize(actor, 'helpdesk:intake')
  const staff = actor as Staff
  const { personId } = await registerPerson(
    db,
    actor,
    {
      name: input.name,
      birthDate: input.birthDate,
      phone: input.phone,
      preferredLanguage: input.language,
      channel: input.channel === 'phone' ? 'phone' : 'field',
      relationship: 'self',
      consentGiven: input.consentGiven,
      consentMethod: input.consentMethod,
      address: undefined,
      districtCode: undefined,
      note: undefined,
    },
    meta,
  )
  return db.transaction(async (tx) => {
    const t = await createTicket(tx, {
      personId,
      channel: input.channel,
      category: input.category,
      priority: input.priority,
      language: input.language,
      question: input.question,
      replyChannel: input.replyChannel,
      email: input.email,
      createdBy: staff.id,
      referralNote: input.referralNote,
      now: meta.now,
    })
    await recordProxy(tx, {
      personId,
      channel: input.channel === 'phone' ? 'phone' : 'field',
      actedBy: staff.id,
      orgId: staff.orgId,
      relationship: 'self',
      consentGiven: input.consentGiven,
      consentMethod: input.consentMethod,
      purpose: 'helpdesk.ticket',
      entity: 'help_ticket',
      entityId: t.id,
      at: meta.now,
    })
    return t
  })
}

/**
 * A digital guide passes on the question of someone they met (home visit, centre, phone, event),
 * with that person's consent: the ticket keeps where they met, how consent was given, and the name and
 * phone (encrypted) to answer — no person record is needed (guides do not register people).
 */
export async function referQuestion(db: Db, actor: Actor, input: ReferralInput, meta: RequestMeta) {
  authorize(actor, 'helpdesk:refer')
  const staff = actor as Staff
  if (!input.consentGiven || input.consentMethod === 'not_obtained')
    throw new AppError('validation', 'validation.summary', { consentGiven: 'helpdesk.refer.consentNeeded' })
  return db.transaction(async (tx) => {
    const t = await createTicket(tx, {
      personId: null,
      channel: 'referral',
      category: input.category,
      language: input.language,
      question: input.question,
      replyChannel: input.replyChannel,
      createdBy: staff.id,
      referralNote: input.referralNote,
      referral: {
        channel: input.referralChannel,
        consentMethod: input.consentMethod,
        name: input.name,
        phone: input.phone,
      },
      now: meta.now,
    })
    await audit(tx, actor, {
      entity: 'help_ticket',
      entityId: t.id,
      action: 'referred',
      after: { channel: input.referralChannel, consentMethod: input.consentMethod },
      at: meta.now,
    })
    return t
  })
}

/** The referrals a guide made (theirs only; all for agents and managers). */
export async function myReferrals(db: Db, actor: Actor) {
  authorize(actor, 'helpdesk:refer')
  const staff = actor as Staff
  return repo.referralsBy(db, scopeFor(staff.role, 'helpdesk:refer') === 'own' ? staff.id : null)
}

const channelOf = (t: repo.TicketRow) => (t.channel === 'referral' ? 'field' : t.channel)

/**
 * Escalates a ticket to a repair: the devices module opens a repair ticket for the donated device (its
 * asset tag), whose problem text names this ticket's reference; this ticket keeps the repair and device.
 */
export async function escalateToRepair(
  db: Db,
  actor: Actor,
  id: string,
  input: EscalateRepairInput,
  meta: RequestMeta,
) {
  authorize(actor, 'helpdesk:work')
  const t = /^[0-9a-f-]{36}$/.test(id) ? await repo.ticket(db, id) : undefined
  if (!t || t.status === 'merged') throw new AppError('not_found', 'helpdesk.ticket.notFound')
  if (t.repairTicketId) throw new AppError('conflict', 'helpdesk.escalate.already')
  const repair = await openRepair(
    db,
    actor,
    {
      assetTag: input.assetTag,
      problem: `${translate('ko', 'helpdesk.escalate.fromTicket', { ref: t.ref })} ${input.problem}`.slice(
        0,
        500,
      ),
      channel: channelOf(t),
    },
    meta.now,
  )
  await db.transaction(async (tx) => {
    await repo.updateTicket(tx, t.id, {
      repairTicketId: repair.id,
      deviceId: repair.deviceId,
      deviceTag: input.assetTag.trim().toUpperCase(),
    })
    await repo.insertMessage(tx, {
      ticketId: t.id,
      kind: 'system',
      body: translate(t.language, 'helpdesk.escalate.repairNote', { tag: input.assetTag.toUpperCase() }),
      staffId: (actor as Staff).id,
      at: meta.now,
    })
    await audit(tx, actor, {
      entity: 'help_ticket',
      entityId: t.id,
      action: 'escalated.repair',
      after: { repairTicketId: repair.id, deviceId: repair.deviceId },
      at: meta.now,
    })
  })
  return repair
}

/**
 * Escalates a ticket to a class: the person is enrolled (education's enrol, with its seats and
 * waitlist) in a session; the enrolment's note names this ticket; this ticket keeps the enrolment.
 */
export async function escalateToClass(
  db: Db,
  actor: Actor,
  id: string,
  input: EscalateClassInput,
  meta: RequestMeta,
) {
  authorize(actor, 'helpdesk:work')
  const t = /^[0-9a-f-]{36}$/.test(id) ? await repo.ticket(db, id) : undefined
  if (!t || t.status === 'merged') throw new AppError('not_found', 'helpdesk.ticket.notFound')
  if (t.enrolmentId) throw new AppError('conflict', 'helpdesk.escalate.already')
  const p = t.personId ? await people.findPerson(db, t.personId) : undefined
  const person = p ? presentPerson(p) : null
  const details =
    person?.birthDate && person.phone
      ? { name: person.name as string, birthDate: person.birthDate, phone: person.phone }
      : null
  if (!details)
    throw new AppError('validation', 'validation.summary', { sessionId: 'helpdesk.escalate.noPerson' })
  const out = await enrol(
    db,
    actor,
    input.sessionId,
    {
      person: details,
      channel: channelOf(t),
      relationship: 'self',
      consentGiven: true,
      consentMethod: input.consentMethod,
      note: translate('ko', 'helpdesk.escalate.fromTicket', { ref: t.ref }),
    },
    meta,
  )
  await db.transaction(async (tx) => {
    await repo.updateTicket(tx, t.id, { enrolmentId: out.enrolment.id })
    await repo.insertMessage(tx, {
      ticketId: t.id,
      kind: 'system',
      body: translate(
        t.language,
        out.position ? 'helpdesk.escalate.classWaitNote' : 'helpdesk.escalate.classNote',
        { n: out.position ?? 0 },
      ),
      staffId: (actor as Staff).id,
      at: meta.now,
    })
    await audit(tx, actor, {
      entity: 'help_ticket',
      entityId: t.id,
      action: 'escalated.class',
      after: { enrolmentId: out.enrolment.id },
      at: meta.now,
    })
  })
  return out
}

/** A ticket for an agent (logged as access to the person's data). */
export async function viewTicket(db: Db, actor: Actor, id: string, meta: RequestMeta) {
  authorize(actor, 'helpdesk:work')
  const staff = actor as Staff
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('not_found', 'helpdesk.ticket.notFound')
  return db.transaction(async (tx) => {
    const t = await repo.ticket(tx, id)
    if (!t) throw new AppError('not_found', 'helpdesk.ticket.notFound')
    const person = t.personId ? await people.findPerson(tx, t.personId) : undefined
    if (t.personId)
      await logAccess(tx, {
        staffId: staff.id,
        ip: meta.ip,
        personId: t.personId,
        action: 'view',
        detail: { ticket: t.ref },
        at: meta.now,
      })
    return {
      ticket: t,
      person: person ? presentPerson(person) : null,
      messages: await repo.messagesOf(tx, t.id, true),
      attachments: await repo.attachmentsOf(tx, t.id),
      agents: await repo.agents(tx),
    }
  })
}

/** A new article started from a ticket: its question and the last reply (the agent then edits and translates). */
export async function articleDraftFromTicket(db: Db, actor: Actor, id: string, meta: RequestMeta) {
  authorize(actor, 'helpdesk:articles')
  const r = await viewTicket(db, actor, id, meta)
  const question = r.messages.find((m) => m.kind === 'citizen')?.body ?? r.ticket.subject
  const reply = [...r.messages].reverse().find((m) => m.kind === 'reply')?.body ?? ''
  return {
    title: r.ticket.subject.slice(0, 120),
    question: question.slice(0, 400),
    reply: reply.slice(0, 1000),
  }
}

/** The citizen's own ticket (by id); 404 for anyone else's. */
export async function myTicket(db: Db, actor: Actor, id: string) {
  if (actor.kind !== 'citizen') throw new AppError('forbidden', 'auth.forbidden')
  const t = /^[0-9a-f-]{36}$/.test(id) ? await repo.ticket(db, id) : undefined
  if (!t || t.personId !== actor.personId) throw new AppError('not_found', 'helpdesk.ticket.notFound')
  return { ticket: t, messages: await repo.messagesOf(db, t.id, false) }
}

export const myTickets = (db: Db, personId: string) => repo.ticketsOfPerson(db, personId)

/** Agents: find a ticket by the reference a caller reads out. */
export async function ticketIdByRef(db: Db, actor: Actor, ref: string) {
  authorize(actor, 'helpdesk:work')
  const norm = ref.replace(/^(\d{4})-?(\d{4})$/, '$1-$2')
  const t = await repo.ticketByRef(db, norm)
  if (!t) throw new AppError('not_found', 'helpdesk.ticket.notFound')
  return t.id
}

export async function agentQueue(db: Db, actor: Actor, view: string, now: Date) {
  authorize(actor, 'helpdesk:work')
  return repo.queue(db, view, (actor as Staff).id, now)
}

/** Changes the status, keeping the SLA clock right: paused while waiting on the citizen. */
function statusPatch(
  t: repo.TicketRow,
  to: 'open' | 'waiting_citizen' | 'resolved',
  now: Date,
): Partial<repo.TicketRow> {
  const patch: Partial<repo.TicketRow> = { status: to }
  if (t.status === 'waiting_citizen' && t.pausedAt && to !== 'waiting_citizen') {
    patch.pausedAt = null
    patch.resolutionDue = resumeDue(t.resolutionDue, t.pausedAt, now)
    if (!t.firstResponseAt) patch.firstResponseDue = resumeDue(t.firstResponseDue, t.pausedAt, now)
  }
  if (to === 'waiting_citizen' && t.status !== 'waiting_citizen') patch.pausedAt = now
  if (to === 'resolved') patch.resolvedAt = now
  if (to === 'open') patch.resolvedAt = null
  return patch
}

/** An agent replies (sent through the outbox and shown on the web) or adds an internal note. */
export async function replyToTicket(db: Db, actor: Actor, id: string, input: ReplyInput, meta: RequestMeta) {
  authorize(actor, 'helpdesk:work')
  const staff = actor as Staff
  return db.transaction(async (tx) => {
    const t = await repo.ticket(tx, id, true)
    if (!t || t.status === 'merged') throw new AppError('not_found', 'helpdesk.ticket.notFound')
    await repo.insertMessage(tx, {
      ticketId: t.id,
      kind: input.kind,
      body: input.body,
      staffId: staff.id,
      at: meta.now,
    })
    if (input.kind === 'note') return t
    const patch = statusPatch(t, input.after, meta.now)
    if (!t.firstResponseAt) patch.firstResponseAt = meta.now
    if (!t.assignedTo) patch.assignedTo = staff.id
    const key = input.after === 'resolved' ? 'helpdesk.sms.resolved' : 'helpdesk.sms.reply'
    await notifyCitizen(tx, t, translate(t.language, key, { ref: t.ref, body: input.body.slice(0, 300) }))
    // a referral's contact is kept only until the answer is sent that resolves it
    if (input.after === 'resolved') Object.assign(patch, { contactNameEnc: null, contactPhoneEnc: null })
    await repo.updateTicket(tx, t.id, patch)
    await audit(tx, actor, {
      entity: 'help_ticket',
      entityId: t.id,
      action: `reply.${input.after}`,
      at: meta.now,
    })
    return t
  })
}

/** The citizen answers on the web: the ticket opens again and the SLA clock runs again. */
export async function citizenReply(db: Db, actor: Actor, id: string, body: string, now: Date) {
  const { ticket } = await myTicket(db, actor, id)
  await db.transaction(async (tx) => {
    const t = (await repo.ticket(tx, ticket.id, true))!
    if (t.status === 'merged') throw new AppError('conflict', 'helpdesk.ticket.merged')
    await repo.insertMessage(tx, { ticketId: t.id, kind: 'citizen', body, at: now })
    await repo.updateTicket(tx, t.id, statusPatch(t, 'open', now))
  })
}

export async function assignTicket(db: Db, actor: Actor, id: string, staffId: string | undefined, now: Date) {
  authorize(actor, 'helpdesk:work')
  await db.transaction(async (tx) => {
    const t = await repo.ticket(tx, id, true)
    if (!t) throw new AppError('not_found', 'helpdesk.ticket.notFound')
    const to = staffId ?? (await pickAgent(tx, t.category, t.language))
    if (to && !(await repo.agents(tx)).some((a) => a.id === to))
      throw new AppError('validation', 'validation.summary', { staffId: 'helpdesk.assign.notAgent' })
    await repo.updateTicket(tx, t.id, { assignedTo: to })
    await audit(tx, actor, {
      entity: 'help_ticket',
      entityId: t.id,
      action: 'assigned',
      after: { to },
      at: now,
    })
  })
}

export async function triageTicket(
  db: Db,
  actor: Actor,
  id: string,
  input: { category: TicketCategory; priority: repo.TicketRow['priority'] },
  now: Date,
) {
  authorize(actor, 'helpdesk:work')
  await db.transaction(async (tx) => {
    const t = await repo.ticket(tx, id, true)
    if (!t) throw new AppError('not_found', 'helpdesk.ticket.notFound')
    const patch: Partial<repo.TicketRow> = { priority: input.priority, category: input.category }
    if (input.category !== t.category) Object.assign(patch, dueTimes(input.category, t.createdAt))
    await repo.updateTicket(tx, t.id, patch)
    await audit(tx, actor, {
      entity: 'help_ticket',
      entityId: t.id,
      action: 'triaged',
      before: { category: t.category, priority: t.priority },
      after: input,
      at: now,
    })
  })
}

/** Merges a duplicate into another ticket: its messages move; it points to the one kept. */
export async function mergeTicket(db: Db, actor: Actor, id: string, intoRef: string, now: Date) {
  authorize(actor, 'helpdesk:work')
  return db.transaction(async (tx) => {
    const from = await repo.ticket(tx, id, true)
    const into = await repo.ticketByRef(tx, intoRef, true)
    if (!from) throw new AppError('not_found', 'helpdesk.ticket.notFound')
    if (!into || into.id === from.id || into.status === 'merged')
      throw new AppError('validation', 'validation.summary', { into: 'helpdesk.merge.badTarget' })
    await repo.moveMessages(tx, from.id, into.id)
    await repo.insertMessage(tx, {
      ticketId: into.id,
      kind: 'system',
      body: translate(into.language, 'helpdesk.merge.note', { ref: from.ref }),
      at: now,
    })
    await repo.updateTicket(tx, from.id, { status: 'merged', mergedInto: into.id, pausedAt: null })
    await audit(tx, actor, {
      entity: 'help_ticket',
      entityId: from.id,
      action: 'merged',
      after: { into: into.id },
      at: now,
    })
    return into
  })
}

/** One-tap satisfaction after resolution (1 unhappy … 3 happy), by the citizen. */
export async function rateTicket(db: Db, actor: Actor, id: string, rating: number, now: Date) {
  const { ticket } = await myTicket(db, actor, id)
  if (ticket.status !== 'resolved') throw new AppError('conflict', 'helpdesk.rate.notResolved')
  await repo.updateTicket(db, ticket.id, { rating, ratedAt: now })
}

/**
 * SLA escalation (hourly job): open tickets past a target are raised to urgent, noted, given to the
 * best-fitting agent if unassigned (the queue shows them first, marked "escalated"), and each team
 * lead (agents marked lead; without one, the programme managers) is emailed through the outbox.
 */
export async function escalateBreaches(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await repo.breachedNotEscalated(tx, now)
    const leads = due.length ? await repo.leadContacts(tx) : []
    for (const t of due) {
      await repo.updateTicket(tx, t.id, {
        escalatedAt: now,
        priority: 'urgent',
        assignedTo: t.assignedTo ?? (await pickAgent(tx, t.category, t.language)),
      })
      await repo.insertMessage(tx, {
        ticketId: t.id,
        kind: 'system',
        body: translate('ko', 'helpdesk.sla.escalatedNote'),
        at: now,
      })
      await audit(tx, 'system', { entity: 'help_ticket', entityId: t.id, action: 'sla.escalated', at: now })
      for (const lead of leads)
        await enqueueEmail(
          tx,
          {
            to: lead.email,
            subject: translate('ko', 'helpdesk.lead.subject', { ref: t.ref }),
            body: translate('ko', 'helpdesk.lead.body', {
              ref: t.ref,
              subject: t.subject,
              category: translate('ko', `helpdesk.category.${t.category}`),
            }),
            reference: t.ref,
          },
          { dedupeKey: `helpdesk.sla.${t.id}.${lead.id}` },
        )
    }
    return due.length
  })
}

export async function setAgentSkills(
  db: Db,
  staffId: string,
  categories: string[],
  languages: string[],
  lead?: boolean,
) {
  await repo.setSkills(db, staffId, categories, languages, lead)
}

/** The agents with their skills, languages and lead flag (team page). */
export async function teamAgents(db: Db, actor: Actor) {
  authorize(actor, 'helpdesk:team')
  return repo.agents(db)
}

export async function teamAgent(db: Db, actor: Actor, staffId: string) {
  const a = (await teamAgents(db, actor)).find((x) => x.id === staffId)
  if (!a) throw new AppError('not_found', 'helpdesk.team.notAgent')
  return a
}

/** Saves an agent's skills, languages and lead flag; the change is in the audit trail. */
export async function saveTeamAgent(db: Db, actor: Actor, staffId: string, input: SkillsInput, now: Date) {
  const before = await teamAgent(db, actor, staffId)
  await db.transaction(async (tx) => {
    await repo.setSkills(tx, staffId, input.categories, input.languages, input.lead)
    await audit(tx, actor, {
      entity: 'help_agent',
      entityId: staffId,
      action: 'skills',
      before: { categories: before.categories, languages: before.languages, lead: before.lead },
      after: input,
      at: now,
    })
  })
}

/** A screenshot for an agent (404 otherwise). */
export async function screenshot(db: Db, actor: Actor, id: string) {
  authorize(actor, 'helpdesk:work')
  const a = /^[0-9a-f-]{36}$/.test(id) ? await repo.attachment(db, id) : undefined
  if (!a) throw new AppError('not_found', 'error.notFound')
  return a
}

// ── smartphone overdependence self-check ────────────────────────────────────────────────────────

/**
 * 스마트폰 과의존 척도 (NIA 한국정보화진흥원, 2016), 10 items scored 1–4 (total 10–40). Published
 * cut-offs: adults — high risk ≥ 29, potential risk 24–28; people in their 60s — high risk ≥ 28,
 * potential risk 24–27. Nothing is stored.
 */
export function scoreSelfCheck(answers: Record<string, number>, group: 'adult' | 'senior') {
  const total = Array.from({ length: 10 }, (_, i) => answers[`q${i + 1}`] ?? 0).reduce((a, b) => a + b, 0)
  const high = group === 'senior' ? 28 : 29
  const level = total >= high ? 'high' : total >= 24 ? 'potential' : 'general'
  return { total, level } as const
}

// ── saved (canned) replies ──────────────────────────────────────────────────────────────────────

/** Every saved reply, retired ones last (staff page). */
export async function listCannedReplies(db: Db, actor: Actor) {
  authorize(actor, 'helpdesk:canned')
  return repo.cannedReplies(db, false)
}

export async function getCannedReply(db: Db, actor: Actor, id: string) {
  authorize(actor, 'helpdesk:canned')
  const row = isUuid(id) ? await repo.cannedReply(db, id) : undefined
  if (!row) throw new AppError('not_found', 'error.notFound')
  return row
}

/** The active saved replies an agent may send, as { id, title, text } in the ticket's language. */
export async function cannedChoices(db: Db, actor: Actor, language: Locale) {
  authorize(actor, 'helpdesk:work')
  return (await repo.cannedReplies(db, true)).map((r) => ({
    id: r.id,
    category: r.category,
    title: language === 'en' ? r.titleEn : r.titleKo,
    text: language === 'en' ? r.textEn : r.textKo,
  }))
}

/**
 * The text of one active saved reply in the ticket's language (undefined if the reply is unknown or
 * retired, or the ticket is unknown).
 */
export async function cannedTextFor(db: Db, actor: Actor, cannedId: string, ticketId: string) {
  authorize(actor, 'helpdesk:work')
  const row = isUuid(cannedId) ? await repo.cannedReply(db, cannedId) : undefined
  const t = isUuid(ticketId) ? await repo.ticket(db, ticketId) : undefined
  if (!row?.active || !t) return undefined
  return t.language === 'en' ? row.textEn : row.textKo
}

const cannedSnapshot = (r: repo.CannedRow) => ({
  category: r.category,
  titleKo: r.titleKo,
  titleEn: r.titleEn,
  textKo: r.textKo,
  textEn: r.textEn,
  active: r.active,
  version: r.version,
})

/** Adds a saved reply (audited as help_canned.create). */
export async function createCannedReply(db: Db, actor: Actor, input: CannedInput, now: Date) {
  authorize(actor, 'helpdesk:canned')
  return db.transaction(async (tx) => {
    const row = await repo.insertCanned(tx, {
      ...input,
      category: input.category ?? null,
      updatedBy: actor.kind === 'staff' ? actor.id : null,
      updatedAt: now,
    })
    await audit(tx, actor, {
      entity: 'help_canned',
      entityId: row.id,
      action: 'create',
      before: null,
      after: cannedSnapshot(row),
      at: now,
    })
    return row
  })
}

/**
 * Edits (or retires / brings back, with `active`) a saved reply. `version` is the one the editor saw:
 * if someone saved in between, the change is refused (409) rather than overwriting theirs.
 */
export async function updateCannedReply(
  db: Db,
  actor: Actor,
  id: string,
  version: number,
  input: CannedInput,
  now: Date,
) {
  const before = await getCannedReply(db, actor, id)
  return db.transaction(async (tx) => {
    const row = await repo.updateCanned(tx, id, version, {
      ...input,
      category: input.category ?? null,
      updatedBy: actor.kind === 'staff' ? actor.id : null,
      updatedAt: now,
    })
    if (!row) throw new AppError('conflict', 'helpdesk.canned.changedMeanwhile')
    await audit(tx, actor, {
      entity: 'help_canned',
      entityId: id,
      action: before.active && !row.active ? 'retire' : 'update',
      before: cannedSnapshot(before),
      after: cannedSnapshot(row),
      at: now,
    })
    return row
  })
}

// ── article pictures (uploaded into the database) ───────────────────────────────────────────────

/**
 * Pictures for article steps: PNG, JPEG or WebP up to 900 KB each. The limit is below the app's
 * request body limit (BODY_LIMIT_BYTES, 1 MB by default), which also bounds one form post in total.
 */
export const ARTICLE_IMAGE = { maxBytes: 900 * 1024 } as const
export const IMAGE_PATH = '/api/v1/help/images/'

/** The picture type its first bytes show (magic numbers), whatever the browser declared. */
export function imageTypeOf(b: Uint8Array): 'image/png' | 'image/jpeg' | 'image/webp' | undefined {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => b[i + k] === x)
  if (b.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (b.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg'
  // RIFF <size> WEBP
  if (b.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp'
  return undefined
}

/** A picture chosen for step `step` (1-based) of the article form. */
export interface StepPicture {
  step: number
  bytes: Uint8Array
}

/**
 * Checks uploaded pictures (type by magic bytes, size) and gives each its future address, so the
 * article input can be validated as a whole before anything is written. Throws a validation error
 * on the file field (`step<N>File`) otherwise.
 */
export function planPictures(pictures: StepPicture[]) {
  const fields: Record<string, string> = {}
  const planned = pictures.map((p) => {
    const mime = imageTypeOf(p.bytes)
    if (!mime) fields[`step${p.step}File`] = 'helpdesk.article.pictureType'
    else if (p.bytes.length > ARTICLE_IMAGE.maxBytes)
      fields[`step${p.step}File`] = 'helpdesk.article.pictureSize'
    return { ...p, mime: mime ?? 'image/png', id: randomUUID() }
  })
  if (Object.keys(fields).length) throw new AppError('validation', 'validation.summary', fields)
  return planned.map((p) => ({ ...p, src: `${IMAGE_PATH}${p.id}` }))
}

/**
 * Saves an article version together with its newly uploaded pictures, in one transaction: if the
 * article is refused, no picture is kept. Each picture must be used by a step of `input` with alt
 * text in both languages (the schema requires it for every step picture).
 */
export async function saveArticleWithPictures(
  db: Db,
  actor: Actor,
  input: ArticleInput,
  pictures: ReturnType<typeof planPictures>,
  now: Date,
) {
  authorize(actor, 'helpdesk:articles')
  return db.transaction(async (tx) => {
    for (const p of pictures) {
      const step = input.steps.find((s) => s.image?.src === p.src)
      if (!step?.image)
        throw new AppError('validation', 'validation.summary', {
          [`step${p.step}File`]: 'helpdesk.article.pictureStep',
        })
      await repo.insertImage(tx, {
        id: p.id,
        mime: p.mime,
        data: Buffer.from(p.bytes),
        size: p.bytes.length,
        altKo: step.image.altKo,
        altEn: step.image.altEn,
        uploadedBy: actor.kind === 'staff' ? actor.id : null,
        at: now,
      })
    }
    return saveArticle(tx, actor, input, now)
  })
}

/** An uploaded article picture (public, like the articles). */
export async function articleImage(db: Db, id: string) {
  const row = isUuid(id) ? await repo.image(db, id) : undefined
  if (!row) throw new AppError('not_found', 'error.notFound')
  return row
}

/**
 * For anonymous statistics (the stats collector): tickets opened, resolved or rated after a cursor, with
 * the help desk's own judgement of whether a resolved ticket met its SLA (paused time not counted).
 */
export async function ticketStatFacts(
  db: Db,
  moment: 'opened' | 'resolved' | 'rated',
  after: { at: Date; id: string },
  limit: number,
) {
  const rows = await repo.ticketsAfter(db, moment, after, limit)
  return rows.map((t) => ({
    id: t.id,
    personId: t.personId,
    at: t.at as Date,
    rating: t.rating,
    withinSla: moment === 'resolved' && resolvedWithinSla(t),
  }))
}

/**
 * Read-only, for other modules (volunteering counts an IT supporter's resolved tickets as hours): the
 * tickets this staff member resolved between two moments, with their reference and resolution time.
 * Tickets carry no time spent, so `minutes` is always null (the reader applies its own rule).
 */
export async function resolvedTicketsOf(db: Db, staffId: string, since: Date, until: Date) {
  const rows = await repo.resolvedTicketsBy(db, staffId, since, until)
  return rows.map((t) => ({ id: t.id, ref: t.ref, resolvedAt: t.resolvedAt as Date, minutes: null }))
}
