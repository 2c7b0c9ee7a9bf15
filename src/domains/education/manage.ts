/**
 * Use cases around the enrolment core (which lives in service.ts): editing the catalogue and sessions,
 * online lectures, tutors and assignment suggestions, the SMS short link, offline attendance sync and
 * walk-ins, and the tutor's class overview.
 */
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/http/params.ts'
import type { RequestMeta } from '../people/service.ts'
import { kstDay } from './calendar.ts'
import * as mrepo from './manage-repo.ts'
import type { LectureInput, SessionSettings, TutorProfileInput } from './manage-schema.ts'
import * as repo from './repo.ts'
import type { CourseInput, SessionInput } from './schema.ts'
import { createSession, markAttendance, myLearning } from './service.ts'
import type { Availability } from './tables.ts'

// ── catalogue ───────────────────────────────────────────────────────────────────────────────────

async function courseOr404(db: Db, id: string) {
  const c = isUuid(id) ? await repo.findCourse(db, id) : undefined
  if (!c) throw new AppError('not_found', 'education.course.notFound')
  return c
}

/** Changes a course's catalogue entry (a prerequisite must exist and not be the course itself). */
export async function updateCourse(db: Db, actor: Actor, id: string, input: CourseInput, now: Date) {
  authorize(actor, 'education:manage')
  const before = await courseOr404(db, id)
  return db.transaction(async (tx) => {
    for (const p of input.prerequisites)
      if (p === id || !(await repo.findCourse(tx, p)))
        throw new AppError('validation', 'validation.summary', {
          prerequisites: 'education.course.unknownPrerequisite',
        })
    const c = await mrepo.updateCourse(tx, id, input)
    await audit(tx, actor, {
      entity: 'edu_course',
      entityId: id,
      action: 'change',
      before: { title: before.titleKo, level: before.level },
      after: { title: input.titleKo, level: input.level },
      at: now,
    })
    return c!
  })
}

/** Stores a course's recorded lecture: video link, WebVTT captions, transcripts (ko, en). */
export async function saveLecture(db: Db, actor: Actor, id: string, input: LectureInput, now: Date) {
  authorize(actor, 'education:manage')
  await courseOr404(db, id)
  await db.transaction(async (tx) => {
    await mrepo.updateCourse(tx, id, {
      videoUrl: input.videoUrl ?? null,
      captionsVtt: input.captionsVtt ?? null,
      transcriptKo: input.transcriptKo ?? null,
      transcriptEn: input.transcriptEn ?? null,
    })
    await audit(tx, actor, { entity: 'edu_course', entityId: id, action: 'lecture', at: now })
  })
}

/** The recorded lecture of a course, for everyone (404 when the course has none). */
export async function lectureOf(db: Db, id: string) {
  const c = await courseOr404(db, id)
  if (!c.videoUrl && !c.captionsVtt && !c.transcriptKo && !c.transcriptEn)
    throw new AppError('not_found', 'education.lecture.none')
  return c
}

/** Schedules a session (service.createSession) and stores its live video link when given. */
export async function scheduleSession(
  db: Db,
  actor: Actor,
  courseId: string,
  input: { session: SessionInput; liveUrl?: string },
  now: Date,
) {
  const r = await createSession(db, actor, courseId, input.session, now)
  if (input.liveUrl) await mrepo.updateSessionSettings(db, r.session.id, { liveUrl: input.liveUrl })
  return r
}

/** Seats (never fewer than are taken), registration opening and live link of a session. */
export async function updateSessionSettings(
  db: Db,
  actor: Actor,
  id: string,
  input: SessionSettings,
  now: Date,
) {
  authorize(actor, 'education:manage')
  const s = isUuid(id) ? await repo.findSession(db, id) : undefined
  if (!s) throw new AppError('not_found', 'education.session.notFound')
  return db.transaction(async (tx) => {
    await repo.lockSession(tx, id)
    const row = await mrepo.updateSessionSettings(tx, id, {
      capacity: input.capacity,
      opensAt: new Date(input.opensAt),
      liveUrl: input.liveUrl ?? null,
    })
    if (!row)
      throw new AppError('validation', 'validation.summary', {
        capacity: 'education.session.belowTaken',
      })
    await audit(tx, actor, {
      entity: 'edu_session',
      entityId: id,
      action: 'settings',
      before: { capacity: s.capacity, opensAt: s.opensAt.toISOString() },
      after: { capacity: input.capacity, opensAt: input.opensAt },
      at: now,
    })
    return row
  })
}

// ── tutors ──────────────────────────────────────────────────────────────────────────────────────

export function listTutors(db: Db, actor: Actor) {
  authorize(actor, 'education:manage')
  return mrepo.tutors(db)
}

export async function tutorDetail(db: Db, actor: Actor, id: string, now: Date) {
  authorize(actor, 'education:manage')
  const t = isUuid(id) ? await mrepo.findTutor(db, id) : undefined
  if (t?.role !== 'tutor') throw new AppError('not_found', 'education.tutor.notFound')
  return { ...t, sessions: await mrepo.sessionsOfTutor(db, id, now) }
}

export async function saveTutorProfile(
  db: Db,
  actor: Actor,
  id: string,
  input: TutorProfileInput,
  now: Date,
) {
  authorize(actor, 'education:manage')
  const t = isUuid(id) ? await mrepo.findTutor(db, id) : undefined
  if (t?.role !== 'tutor') throw new AppError('not_found', 'education.tutor.notFound')
  await db.transaction(async (tx) => {
    await mrepo.saveTutorProfile(tx, { staffId: id, ...input, updatedAt: now })
    await audit(tx, actor, { entity: 'edu_tutor', entityId: id, action: 'profile', after: input, at: now })
  })
}

const KST_MS = 9 * 3_600_000
const hhmm = (d: Date) => new Date(d.getTime() + KST_MS).toISOString().slice(11, 16)
const weekday = (d: Date) => new Date(d.getTime() + KST_MS).getUTCDay()

/** Whether one meeting lies inside a weekly availability window (same Seoul day). */
export function fits(av: Availability[], start: Date, end: Date): boolean {
  if (kstDay(start) !== kstDay(new Date(end.getTime() - 1))) return false
  const day = weekday(start)
  const from = hhmm(start)
  const to = hhmm(end) === '00:00' ? '24:00' : hhmm(end)
  return av.some((a) => a.day === day && a.from <= from && to <= a.to)
}

export interface Suggestion {
  id: string
  name: string
  peerVolunteer: boolean
  score: number
  /** Message keys: why they fit, or what does not. */
  reasons: string[]
  available: boolean
}

/**
 * Tutors who could teach a session, best first: free at every meeting (never double-booked; busy tutors
 * are left out), able to teach its goals, speaking its languages, working in its district, and
 * available at its times. Tutors already teaching it are left out.
 */
export async function suggestTutors(db: Db, actor: Actor, sessionId: string): Promise<Suggestion[]> {
  authorize(actor, 'education:manage')
  const s = isUuid(sessionId) ? await repo.findSession(db, sessionId) : undefined
  if (!s) throw new AppError('not_found', 'education.session.notFound')
  const [course, ms, current, all] = await Promise.all([
    repo.findCourse(db, s.courseId),
    repo.meetingsOf(db, s.id),
    repo.tutorsOf(db, s.id),
    mrepo.tutors(db),
  ])
  const assigned = new Set(current.map((t) => t.id))
  const candidates = all.filter((t) => !assigned.has(t.id))
  const busy = await mrepo.busyTutors(
    db,
    candidates.map((t) => t.id),
    ms.map((m) => ({ from: m.startsAt, to: m.endsAt })),
  )
  const out: Suggestion[] = []
  for (const t of candidates) {
    if (busy.has(t.id)) continue
    const p = t.profile
    const reasons: string[] = []
    let score = 0
    const skills = p?.skills ?? []
    if (course?.goals.some((g) => skills.includes(g))) {
      score += 3
      reasons.push('education.suggest.skill')
    }
    const langs = p?.languages ?? ['ko']
    if (course?.languages.every((l) => langs.includes(l))) {
      score += 2
      reasons.push('education.suggest.language')
    } else reasons.push('education.suggest.noLanguage')
    if (s.districtCode && p?.districts.includes(s.districtCode)) {
      score += 2
      reasons.push('education.suggest.district')
    }
    const available = !!p && ms.every((m) => fits(p.availability, m.startsAt, m.endsAt))
    if (available) {
      score += 3
      reasons.push('education.suggest.available')
    } else reasons.push('education.suggest.notAvailable')
    if (p?.peerVolunteer) reasons.push('education.suggest.peer')
    out.push({ id: t.id, name: t.name, peerVolunteer: !!p?.peerVolunteer, score, reasons, available })
  }
  out.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
  return out
}

// ── the SMS short link: verify by code, then see and cancel one's places ────────────────────────

/**
 * What the link page shows. Anyone may open it (it reveals nothing); after verifying by code as the
 * person the link belongs to, their live places are listed with a cancel button each.
 */
export async function linkPage(db: Db, actor: Actor, code: string) {
  const clean = code.toUpperCase().replace(/[^A-Z0-9]/g, '')
  const personId = clean.length === 8 ? await mrepo.personOfSmsLink(db, clean) : undefined
  if (!personId) throw new AppError('not_found', 'education.link.notFound')
  if (actor.kind !== 'citizen') return { code: clean, state: 'verify' as const, places: [] }
  if (actor.personId !== personId) return { code: clean, state: 'other' as const, places: [] }
  const rows = await myLearning(db, personId)
  return {
    code: clean,
    state: 'mine' as const,
    places: rows.filter((r) => r.enrolment.status !== 'cancelled' && !r.certificate),
  }
}

// ── attendance on a weak connection ─────────────────────────────────────────────────────────────

async function teachingMeeting(db: Db, actor: Actor, meetingId: string) {
  const m = isUuid(meetingId) ? await repo.findMeeting(db, meetingId) : undefined
  if (!m) throw new AppError('not_found', 'education.meeting.notFound')
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  const scope = authorize(actor, 'education:teach')
  if (scope === 'own' && !(await repo.isTutorOf(db, m.sessionId, actor.id)))
    throw new AppError('not_found', 'education.meeting.notFound')
  return { meeting: m, staffId: actor.id }
}

/**
 * One mark from the roster, sent now or later from the phone's queue. The key travels with it: a mark
 * re-sent after a lost answer finds its key on the row and changes nothing (no second write, no second
 * certificate); a newer mark (another key) replaces it.
 */
export async function syncMark(
  db: Db,
  actor: Actor,
  meetingId: string,
  input: { enrolmentId: string; present: boolean; key: string },
  meta: RequestMeta,
) {
  const { staffId } = await teachingMeeting(db, actor, meetingId)
  const key = `${staffId}:${input.key}`
  const row = await mrepo.attendanceRow(db, meetingId, input.enrolmentId)
  if (row?.syncKey === key) return { replayed: true, present: row.present, certificate: null }
  const r = await markAttendance(db, actor, meetingId, input, meta)
  await mrepo.putMark(db, {
    meetingId,
    enrolmentId: input.enrolmentId,
    present: input.present,
    markedBy: staffId,
    markedAt: meta.now,
    syncKey: key,
  })
  return { replayed: false, present: input.present, certificate: r.certificate?.code ?? null }
}

/** Adds someone who came without signing up (name only, present); a re-sent key adds nobody new. */
export async function addWalkIn(
  db: Db,
  actor: Actor,
  meetingId: string,
  input: { name: string; key: string },
  meta: RequestMeta,
) {
  const { meeting, staffId } = await teachingMeeting(db, actor, meetingId)
  const key = `${staffId}:${input.key}`
  const prior = await mrepo.walkInByKey(db, key)
  if (prior) return { walkIn: prior, replayed: true }
  return db.transaction(async (tx) => {
    const w = await mrepo.insertWalkIn(tx, {
      meetingId: meeting.id,
      name: input.name,
      syncKey: key,
      addedBy: staffId,
      createdAt: meta.now,
    })
    if (!w) return { walkIn: (await mrepo.walkInByKey(tx, key))!, replayed: true }
    await audit(tx, actor, {
      entity: 'edu_walk_in',
      entityId: w.id,
      action: 'add',
      after: { meetingId },
      at: meta.now,
    })
    return { walkIn: w, replayed: false }
  })
}

export const walkInsOf = (db: Db, meetingId: string) => mrepo.walkInsOf(db, meetingId)
