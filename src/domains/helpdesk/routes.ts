import { z } from 'zod'
import { metaOf } from '../../platform/http/request-meta.ts'
import { api } from '../../platform/http/route.ts'
import type { TicketRow } from './repo.ts'
import {
  ArticleHits,
  ArticleInput,
  ArticleView,
  AskInput,
  FeedbackInput,
  IntakeInput,
  QueueQuery,
  RatingInput,
  ReferralInput,
  ReplyInput,
  SearchQuery,
  TicketView,
} from './schema.ts'
import {
  agentQueue,
  articleImage,
  askQuestion,
  getArticle,
  myTicket,
  myTickets,
  rateTicket,
  recordFeedback,
  referQuestion,
  replyToTicket,
  saveArticle,
  screenshot,
  searchArticles,
  takeCall,
  viewTicket,
} from './service.ts'

const tags = ['helpdesk']
const id = (c: { req: { param: (n: string) => string | undefined } }, n = 'id') => c.req.param(n) ?? ''

const presentTicket = (t: TicketRow, messages: { kind: string; body: string; at: Date }[], now: Date) => ({
  id: t.id,
  ref: t.ref,
  status: t.status,
  category: t.category,
  priority: t.priority,
  channel: t.channel,
  subject: t.subject,
  createdAt: t.createdAt.toISOString(),
  firstResponseDue: t.firstResponseDue.toISOString(),
  resolutionDue: t.resolutionDue.toISOString(),
  breached: t.status === 'open' && t.resolutionDue < now,
  messages: messages.map((m) => ({ kind: m.kind, body: m.body, at: m.at.toISOString() })),
})

export const helpdeskApi = [
  api({
    method: 'GET',
    path: '/help/articles',
    access: 'public',
    summary:
      'Searches help articles (words in Korean or English, initial consonants such as ㄱㅈ, near misses)',
    tags,
    query: SearchQuery,
    response: ArticleHits,
    handle: async (c, { query }) =>
      c.json({
        items: (await searchArticles(c.var.db, query, c.var.locale, 20)).map(
          ({ slug, title, summary, score }) => ({ slug, title, summary, score }),
        ),
      }),
  }),
  api({
    method: 'GET',
    path: '/help/articles/:slug',
    access: 'public',
    summary: 'A help article in the request language',
    tags,
    response: ArticleView,
    handle: async (c) => {
      const { article, version: v } = await getArticle(c.var.db, id(c, 'slug'))
      const en = c.var.locale === 'en'
      return c.json({
        slug: article.slug,
        version: v.version,
        title: en ? v.titleEn : v.titleKo,
        summary: en ? v.summaryEn : v.summaryKo,
        devices: article.devices,
        tasks: article.tasks,
        steps: v.steps.map((s) => ({
          text: en ? s.en : s.ko,
          ...(s.image ? { image: { src: s.image.src, alt: en ? s.image.altEn : s.image.altKo } } : {}),
        })),
      })
    },
  }),
  api({
    method: 'POST',
    path: '/help/articles',
    access: 'helpdesk:articles',
    summary:
      'Saves an article; an existing slug gets a new version (pictures need alt text in both languages)',
    tags,
    body: ArticleInput,
    response: z.object({ slug: z.string(), version: z.number() }),
    status: 201,
    handle: async (c, { body }) =>
      c.json(await saveArticle(c.var.db, c.var.actor, body, c.var.deps.now()), 201),
  }),
  api({
    method: 'POST',
    path: '/help/articles/:slug/feedback',
    access: 'public',
    summary: '"Did this help?"',
    tags,
    body: FeedbackInput,
    status: 204,
    handle: async (c, { body }) => {
      await recordFeedback(c.var.db, id(c, 'slug'), body.helpful)
      return c.body(null, 204)
    },
  }),
  api({
    method: 'POST',
    path: '/me/questions',
    access: 'citizen',
    summary: 'The verified citizen asks a question (the reference is texted to them)',
    tags,
    body: AskInput,
    response: TicketView,
    status: 201,
    handle: async (c, { body }) => {
      const meta = metaOf(c)
      const t = await askQuestion(c.var.db, c.var.actor, body, undefined, meta)
      return c.json(presentTicket(t, [], meta.now), 201)
    },
  }),
  api({
    method: 'GET',
    path: '/me/questions',
    access: 'citizen',
    summary: 'My questions and their status',
    tags,
    response: z.object({
      items: z.array(z.object({ id: z.uuid(), ref: z.string(), status: z.string(), subject: z.string() })),
    }),
    handle: async (c) => {
      const personId = c.var.actor.kind === 'citizen' ? c.var.actor.personId : ''
      const rows = await myTickets(c.var.db, personId)
      return c.json({
        items: rows.map((r) => ({ id: r.id, ref: r.ref, status: r.status, subject: r.subject })),
      })
    },
  }),
  api({
    method: 'GET',
    path: '/me/questions/:id',
    access: 'citizen',
    summary: 'One of my questions with the answers (404 for anyone else’s)',
    tags,
    response: TicketView,
    handle: async (c) => {
      const r = await myTicket(c.var.db, c.var.actor, id(c))
      return c.json(presentTicket(r.ticket, r.messages, c.var.deps.now()))
    },
  }),
  api({
    method: 'POST',
    path: '/me/questions/:id/rating',
    access: 'citizen',
    summary: 'Satisfaction after resolution: 1 not good, 2 OK, 3 good',
    tags,
    body: RatingInput,
    status: 204,
    handle: async (c, { body }) => {
      await rateTicket(c.var.db, c.var.actor, id(c), body.rating, c.var.deps.now())
      return c.body(null, 204)
    },
  }),
  api({
    method: 'POST',
    path: '/helpdesk/calls',
    access: 'helpdesk:intake',
    summary:
      'A phone call or a guide’s referral becomes a ticket in one step (caller found or registered; proxy recorded)',
    tags,
    body: IntakeInput,
    response: TicketView,
    status: 201,
    handle: async (c, { body }) => {
      const meta = metaOf(c)
      const t = await takeCall(c.var.db, c.var.actor, body, meta)
      return c.json(presentTicket(t, [], meta.now), 201)
    },
  }),
  api({
    method: 'POST',
    path: '/helpdesk/referrals',
    access: 'helpdesk:refer',
    summary:
      'A digital guide passes on the question of someone they met: where, their consent (required), name and mobile to answer',
    tags,
    body: ReferralInput,
    response: TicketView,
    status: 201,
    handle: async (c, { body }) => {
      const meta = metaOf(c)
      const t = await referQuestion(c.var.db, c.var.actor, body, meta)
      return c.json(presentTicket(t, [], meta.now), 201)
    },
  }),
  api({
    method: 'GET',
    path: '/helpdesk/queue',
    access: 'helpdesk:work',
    summary: 'The agents’ queue (most urgent first)',
    tags,
    query: QueueQuery,
    handle: async (c, { query }) => {
      const rows = await agentQueue(c.var.db, c.var.actor, query.view, c.var.deps.now())
      return c.json({
        items: rows.map((r) => ({
          ...r,
          resolutionDue: r.resolutionDue.toISOString(),
          firstResponseDue: r.firstResponseDue.toISOString(),
          firstResponseAt: r.firstResponseAt?.toISOString() ?? null,
          escalatedAt: r.escalatedAt?.toISOString() ?? null,
        })),
      })
    },
  }),
  api({
    method: 'GET',
    path: '/helpdesk/tickets/:id',
    access: 'helpdesk:work',
    summary: 'A ticket with notes (access logged)',
    tags,
    response: TicketView,
    handle: async (c) => {
      const r = await viewTicket(c.var.db, c.var.actor, id(c), metaOf(c))
      return c.json(presentTicket(r.ticket, r.messages, c.var.deps.now()))
    },
  }),
  api({
    method: 'POST',
    path: '/helpdesk/tickets/:id/replies',
    access: 'helpdesk:work',
    summary: 'Reply to the citizen (through the outbox) or add an internal note',
    tags,
    body: ReplyInput,
    status: 204,
    handle: async (c, { body }) => {
      await replyToTicket(c.var.db, c.var.actor, id(c), body, metaOf(c))
      return c.body(null, 204)
    },
  }),
  api({
    method: 'GET',
    path: '/helpdesk/attachments/:id',
    access: 'helpdesk:work',
    summary: 'A screenshot sent with a question',
    tags,
    handle: async (c) => {
      const a = await screenshot(c.var.db, c.var.actor, id(c))
      c.header('cache-control', 'private, no-store')
      c.header('content-type', a.mime)
      return c.body(new Uint8Array(a.data))
    },
  }),
  api({
    method: 'GET',
    path: '/help/images/:id',
    access: 'public',
    summary:
      'A picture uploaded for a help article (never changes: cached for a year; type checked by its bytes on upload)',
    tags,
    handle: async (c) => {
      const img = await articleImage(c.var.db, id(c))
      c.header('content-type', img.mime)
      c.header('cache-control', 'public, max-age=31536000, immutable')
      c.header('x-content-type-options', 'nosniff')
      c.header('content-disposition', 'inline')
      c.header('cross-origin-resource-policy', 'same-origin')
      // the app's CSP (default-src 'self', frame-ancestors 'none') is on this response too; pages
      // show it under img-src 'self'
      return c.body(new Uint8Array(img.data))
    },
  }),
]
