import { z } from 'zod'
import { writeCookie } from '../../platform/http/cookies.ts'
import { metaOf } from '../../platform/http/request-meta.ts'
import { api } from '../../platform/http/route.ts'
import {
  ExportInput,
  MergeInput,
  PeopleSearch,
  PersonList,
  PersonView,
  RegisterPerson,
  Verified,
  VerifyCode,
  VerifyStart,
  VerifyStarted,
} from './schema.ts'
import {
  confirmVerification,
  exportPerson,
  mergePersons,
  myRecord,
  registerPerson,
  requestErasureFor,
  requestOwnErasure,
  revokeOwnConsent,
  searchPeople,
  startVerification,
  viewPerson,
} from './service.ts'

const tags = ['people']
const ErasureStatus = z.object({ id: z.uuid(), status: z.enum(['pending', 'done']), dueAt: z.string() })
const erasureOut = (r: { id: string; status: 'pending' | 'done'; dueAt: Date }) => ({
  id: r.id,
  status: r.status,
  dueAt: r.dueAt.toISOString(),
})

export const peopleApi = [
  api({
    method: 'POST',
    path: '/verify',
    access: 'public',
    summary:
      'Sends a 6-digit code by text message. The same answer whether or not the number is known; 429 when too many codes were sent',
    tags,
    body: VerifyStart,
    response: VerifyStarted,
    status: 202,
    handle: async (c, { body }) => {
      const r = await startVerification(c.var.db, body, metaOf(c))
      return c.json(
        { challenge: r.token, expiresAt: r.expiresAt.toISOString(), message: c.var.t('people.verify.sent') },
        202,
      )
    },
  }),
  api({
    method: 'POST',
    path: '/verify/code',
    access: 'public',
    summary: 'Checks the code; on success sets a new citizen session cookie (5 tries, 10 minutes)',
    tags,
    body: VerifyCode,
    response: Verified,
    handle: async (c, { body }) => {
      const r = await confirmVerification(c.var.db, body.challenge, body.code, metaOf(c))
      writeCookie(c, 'gachi_sid', r.sessionId)
      return c.json({ personId: r.personId })
    },
  }),
  api({
    method: 'GET',
    path: '/me/person',
    access: 'citizen',
    summary: 'The verified citizen’s own record',
    tags,
    response: PersonView,
    handle: async (c) => c.json((await myRecord(c.var.db, c.var.actor)).person),
  }),
  api({
    method: 'POST',
    path: '/me/erasure',
    access: 'citizen',
    summary: 'Asks for the citizen’s data to be erased (carried out within 10 days)',
    tags,
    response: ErasureStatus,
    status: 202,
    handle: async (c) => c.json(erasureOut(await requestOwnErasure(c.var.db, c.var.actor, metaOf(c))), 202),
  }),
  api({
    method: 'POST',
    path: '/me/consents/:id/revoke',
    access: 'citizen',
    summary: 'Revokes one of the citizen’s sensitive-data consents',
    tags,
    handle: async (c) => {
      await revokeOwnConsent(c.var.db, c.var.actor, c.req.param('id') ?? '', metaOf(c))
      return c.body(null, 204)
    },
    status: 204,
  }),
  api({
    method: 'GET',
    path: '/people',
    access: 'people:read',
    summary: 'Finds people by part of the name, exact mobile number, or name + date of birth (logged)',
    tags,
    query: PeopleSearch,
    response: PersonList,
    handle: async (c, { query }) =>
      c.json({ items: await searchPeople(c.var.db, c.var.actor, query, metaOf(c)) }),
  }),
  api({
    method: 'POST',
    path: '/people',
    access: 'people:write',
    summary: 'Registers a person on their behalf (or finds the same person) and records the proxy action',
    tags,
    body: RegisterPerson,
    response: z.object({ personId: z.uuid(), created: z.boolean() }),
    status: 201,
    handle: async (c, { body }) => {
      const r = await registerPerson(c.var.db, c.var.actor, body, metaOf(c))
      return c.json(r, r.created ? 201 : 200)
    },
  }),
  api({
    method: 'GET',
    path: '/people/:id',
    access: 'people:read',
    summary: 'A person’s record (logged); 404 for a person outside the caller’s scope',
    tags,
    response: PersonView,
    handle: async (c) =>
      c.json((await viewPerson(c.var.db, c.var.actor, c.req.param('id') ?? '', metaOf(c))).person),
  }),
  api({
    method: 'POST',
    path: '/people/:id/merge',
    access: 'people:merge',
    summary: 'Merges this duplicate into another record (references move; audit entry kept)',
    tags,
    body: MergeInput,
    response: z.object({ into: z.uuid() }),
    handle: async (c, { body }) =>
      c.json(await mergePersons(c.var.db, c.var.actor, c.req.param('id') ?? '', body.into, metaOf(c))),
  }),
  api({
    method: 'POST',
    path: '/people/:id/export',
    access: 'people:export',
    summary: 'Everything held about a person; the reason is required and logged',
    tags,
    body: ExportInput,
    handle: async (c, { body }) =>
      c.json(await exportPerson(c.var.db, c.var.actor, c.req.param('id') ?? '', body.reason, metaOf(c))),
  }),
  api({
    method: 'POST',
    path: '/people/:id/erasure',
    access: 'people:erase',
    summary: 'Records an erasure request made through staff',
    tags,
    response: ErasureStatus,
    status: 202,
    handle: async (c) =>
      c.json(
        erasureOut(await requestErasureFor(c.var.db, c.var.actor, c.req.param('id') ?? '', metaOf(c))),
        202,
      ),
  }),
]
