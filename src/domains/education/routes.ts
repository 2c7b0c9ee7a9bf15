import { z } from 'zod'
import { cityProfile } from '../../platform/city.ts'
import { AppError } from '../../platform/http/errors.ts'
import { metaOf } from '../../platform/http/request-meta.ts'
import { api } from '../../platform/http/route.ts'
import { calendarFeed, certificatePdf } from './documents.ts'
import * as repo from './repo.ts'
import {
  AttendanceInput,
  CourseInput,
  CourseView,
  EnrolInput,
  EnrolResult,
  SessionChange,
  SessionInput,
  SessionView,
} from './schema.ts'
import {
  cancelEnrolment,
  certificateFor,
  changeSession,
  createCourse,
  createSession,
  enrol,
  markAttendance,
  sessionDetail,
} from './service.ts'
import { rememberPublicUrl } from './sms-link.ts'

const tags = ['education']
const param = (c: { req: { param: (n: string) => string | undefined } }, n = 'id') => c.req.param(n) ?? ''
const iso = (d: Date) => d.toISOString()

const presentCourse = (c: repo.CourseRow, locale: 'ko' | 'en') => ({
  id: c.id,
  title: locale === 'ko' ? c.titleKo : c.titleEn,
  who: locale === 'ko' ? c.whoKo : c.whoEn,
  level: c.level,
  format: c.format,
  goals: c.goals,
  topics: c.topics,
  durationMinutes: c.durationMinutes,
  prerequisites: c.prerequisites,
  accessibility: c.accessibility,
  languages: c.languages,
})

export const educationApi = [
  api({
    method: 'GET',
    path: '/courses',
    access: 'public',
    summary: 'The course catalogue',
    tags,
    response: z.object({ items: z.array(CourseView) }),
    handle: async (c) =>
      c.json({ items: (await repo.listCourses(c.var.db)).map((x) => presentCourse(x, c.var.locale)) }),
  }),
  api({
    method: 'POST',
    path: '/courses',
    access: 'education:manage',
    summary: 'Adds a course to the catalogue',
    tags,
    body: CourseInput,
    response: CourseView,
    status: 201,
    handle: async (c, { body }) =>
      c.json(
        presentCourse(await createCourse(c.var.db, c.var.actor, body, c.var.deps.now()), c.var.locale),
        201,
      ),
  }),
  api({
    method: 'POST',
    path: '/courses/:id/sessions',
    access: 'education:manage',
    summary:
      'Schedules a session (one-off or weekly; Korean public holidays skipped; tutors never double-booked → 409)',
    tags,
    body: SessionInput,
    response: SessionView,
    status: 201,
    handle: async (c, { body }) => {
      const r = await createSession(c.var.db, c.var.actor, param(c), body, c.var.deps.now())
      return c.json(
        {
          id: r.session.id,
          courseId: r.session.courseId,
          capacity: r.session.capacity,
          enrolled: 0,
          waitlisted: 0,
          opensAt: iso(r.session.opensAt),
          startsAt: iso(r.session.startsAt),
          endsAt: iso(r.session.endsAt),
          placeId: r.session.placeId,
          busStop: r.session.busStop,
          meetings: r.meetings.map((m) => ({ id: m.id, startsAt: iso(m.startsAt), endsAt: iso(m.endsAt) })),
          skippedHolidays: r.skippedHolidays,
        },
        201,
      )
    },
  }),
  api({
    method: 'PATCH',
    path: '/sessions/:id',
    access: 'education:manage',
    summary: 'Changes the venue or tutors of a session; everyone enrolled or waiting is told by SMS',
    tags,
    body: SessionChange,
    response: z.object({ notified: z.number().int() }),
    handle: async (c, { body }) => {
      rememberPublicUrl(c.var.deps.config.PUBLIC_URL)
      return c.json(await changeSession(c.var.db, c.var.actor, param(c), body, c.var.deps.now()))
    },
  }),
  api({
    method: 'GET',
    path: '/sessions/:id',
    access: 'public',
    summary: 'A session with capacity, enrolled and waitlisted counts',
    tags,
    response: SessionView,
    handle: async (c) => {
      const d = await sessionDetail(c.var.db, param(c))
      return c.json({
        id: d.session.id,
        courseId: d.session.courseId,
        capacity: d.session.capacity,
        enrolled: d.enrolled,
        waitlisted: d.waitlisted,
        opensAt: iso(d.session.opensAt),
        startsAt: iso(d.session.startsAt),
        endsAt: iso(d.session.endsAt),
        placeId: d.session.placeId,
        busStop: d.session.busStop,
        meetings: d.meetings.map((m) => ({ id: m.id, startsAt: iso(m.startsAt), endsAt: iso(m.endsAt) })),
      })
    },
  }),
  api({
    method: 'POST',
    path: '/sessions/:id/enrolments',
    access: 'signed-in',
    summary:
      'Enrols the verified citizen, or (staff token) a person given by name, birth date and phone; honours Idempotency-Key; answers enrolled or waitlisted with position',
    tags,
    body: EnrolInput,
    response: EnrolResult,
    status: 201,
    handle: async (c, { body }) => {
      const r = await enrol(c.var.db, c.var.actor, param(c), body, {
        ...metaOf(c),
        idempotencyKey: c.req.header('idempotency-key')?.slice(0, 100) ?? null,
      })
      return c.json(
        {
          id: r.enrolment.id,
          status: r.enrolment.status,
          position: r.position,
          sessionId: r.enrolment.sessionId,
        },
        r.replayed ? 200 : 201,
      )
    },
  }),
  api({
    method: 'DELETE',
    path: '/enrolments/:id',
    access: 'signed-in',
    summary:
      'Cancels a place (own, or within the staff member’s scope); the first person waiting is promoted',
    tags,
    response: z.object({ cancelled: z.boolean(), promoted: z.uuid().nullable() }),
    handle: async (c) => {
      rememberPublicUrl(c.var.deps.config.PUBLIC_URL)
      return c.json(await cancelEnrolment(c.var.db, c.var.actor, param(c), metaOf(c)))
    },
  }),
  api({
    method: 'POST',
    path: '/meetings/:id/attendance',
    access: 'education:teach',
    summary: 'Marks attendance; issues the certificate when the completion rule is met',
    tags,
    body: AttendanceInput,
    handle: async (c, { body }) => {
      const r = await markAttendance(c.var.db, c.var.actor, param(c), body, metaOf(c))
      return c.json({ attended: r.attended, total: r.total, certificate: r.certificate?.code ?? null })
    },
  }),
  api({
    method: 'GET',
    path: '/certificates/:id/pdf',
    access: 'signed-in',
    summary: 'A completion certificate as PDF (its owner, or staff in scope)',
    tags,
    handle: async (c) => {
      const r = await certificateFor(c.var.db, c.var.actor, param(c))
      const city = cityProfile(c.var.deps.config.GACHI_CITY)
      const pdf = await certificatePdf({
        locale: c.var.locale,
        name: r.name ?? '',
        course: c.var.locale === 'ko' ? r.course.titleKo : r.course.titleEn,
        issuedAt: r.certificate.issuedAt,
        code: r.certificate.code,
        cityName: city.name[c.var.locale],
        verifyUrl: `${new URL(c.req.url).origin}/learn/certificates/${r.certificate.code}`,
      })
      return c.body(new Uint8Array(pdf), 200, {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="certificate-${r.certificate.code}.pdf"`,
        'cache-control': 'no-store',
      })
    },
  }),
  api({
    method: 'GET',
    path: '/venues/:id/calendar.ics',
    access: 'public',
    summary: 'iCalendar feed of a venue’s classes',
    tags,
    handle: async (c) => {
      const place = await repo.findPlace(c.var.db, param(c))
      if (!place) throw new AppError('not_found', 'education.venue.notFound')
      const items = await repo.meetingsFor(c.var.db, {
        placeId: place.id,
        from: new Date(c.var.deps.now().getTime() - 30 * 86_400_000),
      })
      return c.body(
        calendarFeed(
          place.nameKo,
          items.map((i) => ({
            id: i.meeting.id,
            start: i.meeting.startsAt,
            end: i.meeting.endsAt,
            summary: i.titleKo,
            location: place.address ?? place.nameKo,
          })),
        ),
        200,
        { 'content-type': 'text/calendar; charset=utf-8' },
      )
    },
  }),
  api({
    method: 'GET',
    path: '/tutors/:id/calendar.ics',
    access: 'education:teach',
    summary: 'iCalendar feed of a tutor’s classes (tutors: their own)',
    tags,
    handle: async (c) => {
      const actor = c.var.actor
      const tutorId = param(c)
      if (
        actor.kind !== 'staff' ||
        (actor.role === 'tutor' && actor.id !== tutorId) ||
        !/^[0-9a-f-]{36}$/i.test(tutorId)
      )
        throw new AppError('not_found', 'error.notFound')
      const items = await repo.meetingsFor(c.var.db, {
        tutorId,
        from: new Date(c.var.deps.now().getTime() - 30 * 86_400_000),
      })
      return c.body(
        calendarFeed(
          'Gachi',
          items.map((i) => ({
            id: i.meeting.id,
            start: i.meeting.startsAt,
            end: i.meeting.endsAt,
            summary: i.titleKo,
            location: i.placeAddress ?? i.placeName ?? i.busStop,
          })),
        ),
        200,
        { 'content-type': 'text/calendar; charset=utf-8' },
      )
    },
  }),
]
