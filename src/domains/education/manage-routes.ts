import { z } from 'zod'
import { metaOf } from '../../platform/http/request-meta.ts'
import { api } from '../../platform/http/route.ts'
import { addWalkIn, lectureOf, suggestTutors, syncMark, updateCourse } from './manage.ts'
import { SyncMark, WalkInInput } from './manage-schema.ts'
import { CourseInput } from './schema.ts'

const tags = ['education']
const param = (c: { req: { param: (n: string) => string | undefined } }, n = 'id') => c.req.param(n) ?? ''

export const educationManageApi = [
  api({
    method: 'PUT',
    path: '/courses/:id',
    access: 'education:manage',
    summary: 'Changes a course in the catalogue',
    tags,
    body: CourseInput,
    response: z.object({ id: z.uuid() }),
    handle: async (c, { body }) => {
      const r = await updateCourse(c.var.db, c.var.actor, param(c), body, c.var.deps.now())
      return c.json({ id: r.id })
    },
  }),
  api({
    method: 'GET',
    path: '/courses/:id/captions.vtt',
    access: 'public',
    summary: 'The WebVTT captions of a course’s recorded lecture',
    tags,
    handle: async (c) => {
      const co = await lectureOf(c.var.db, param(c))
      if (!co.captionsVtt) return c.body('WEBVTT\n', 404, { 'content-type': 'text/vtt; charset=utf-8' })
      return c.body(`${co.captionsVtt}\n`, 200, {
        'content-type': 'text/vtt; charset=utf-8',
        'cache-control': 'public, max-age=300',
      })
    },
  }),
  api({
    method: 'GET',
    path: '/sessions/:id/tutor-suggestions',
    access: 'education:manage',
    summary:
      'Tutors who could teach a session: free at every meeting (never double-booked), by skill, language, district and availability',
    tags,
    response: z.object({
      items: z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          peerVolunteer: z.boolean(),
          score: z.number().int(),
          available: z.boolean(),
          reasons: z.array(z.string()),
        }),
      ),
    }),
    handle: async (c) => {
      const items = await suggestTutors(c.var.db, c.var.actor, param(c))
      return c.json({ items: items.map((s) => ({ ...s, reasons: s.reasons.map((k) => c.var.t(k)) })) })
    },
  }),
  api({
    method: 'POST',
    path: '/meetings/:id/marks',
    access: 'education:teach',
    summary:
      'One attendance mark from the roster (sent now or from the phone’s offline queue); the key makes a re-send change nothing',
    tags,
    body: SyncMark,
    response: z.object({ replayed: z.boolean(), present: z.boolean(), certificate: z.string().nullable() }),
    handle: async (c, { body }) => c.json(await syncMark(c.var.db, c.var.actor, param(c), body, metaOf(c))),
  }),
  api({
    method: 'POST',
    path: '/meetings/:id/walk-ins',
    access: 'education:teach',
    summary: 'Adds someone who came without signing up (name only, present); the key adds them once',
    tags,
    body: WalkInInput,
    response: z.object({ id: z.uuid(), name: z.string(), replayed: z.boolean() }),
    status: 201,
    handle: async (c, { body }) => {
      const r = await addWalkIn(c.var.db, c.var.actor, param(c), body, metaOf(c))
      return c.json({ id: r.walkIn.id, name: r.walkIn.name, replayed: r.replayed }, r.replayed ? 200 : 201)
    },
  }),
]
