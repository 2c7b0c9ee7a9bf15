import { z } from 'zod'
import type { Ctx } from '../../platform/http/context.ts'
import { AppError, isAppError } from '../../platform/http/errors.ts'
import { clientIp } from '../../platform/http/middleware.ts'
import { api } from '../../platform/http/route.ts'
import { listDistricts } from '../reference/service.ts'
import { partnerPdf } from './pdf.ts'
import { KioskReportInput, SurveyTap } from './schema.ts'
import {
  answerSurvey,
  type PartnerReport,
  partnerReportFor,
  satisfaction,
  sharedReport,
  submitKioskReport,
  surveyByToken,
} from './service.ts'

/** The report as an A4 PDF (Korean font embedded) in the reader's language. */
async function pdfResponse(c: Ctx, r: PartnerReport) {
  const names = new Map(
    (await listDistricts(c.var.db)).map((d) => [d.code, c.var.locale === 'ko' ? d.nameKo : d.nameEn]),
  )
  const pdf = await partnerPdf(c.var.locale, r, names)
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="kiosk-report-${encodeURIComponent(r.companyKey)}.pdf"`,
      'cache-control': 'no-store',
    },
  })
}

const companyOf = (c: Ctx) => {
  const k = c.req.param('company') ?? ''
  if (!/^[\p{L}\p{N}&+]{1,80}$/u.test(k)) throw new AppError('not_found', 'voice.kiosk.noReports')
  return k
}

/** Runs a public submission; over the limit (429) the response says when to try again (Retry-After). */
async function limited<T>(c: Ctx, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (e) {
    if (isAppError(e) && e.code === 'too_many_requests') c.header('retry-after', String(e.params.seconds))
    throw e
  }
}

const tags = ['voice']
const Cell = z.object({ key: z.string(), n: z.number().int().nullable().describe('null: fewer than 5') })

export const voiceApi = [
  api({
    method: 'GET',
    path: '/voice/surveys/:token',
    access: 'public',
    summary: 'A survey invitation (from its text-message link): the service, its reference, answered or not',
    tags,
    response: z.object({ service: z.string(), reference: z.string(), answered: z.boolean() }),
    handle: async (c) => c.json(await surveyByToken(c.var.db, c.req.param('token') ?? '')),
  }),
  api({
    method: 'POST',
    path: '/voice/surveys/:token',
    access: 'public',
    summary:
      'Answers a survey invitation (score 1 unhappy, 2 so-so, 3 happy); a second answer is 409; limited per address (429 with Retry-After)',
    tags,
    body: SurveyTap,
    status: 201,
    response: z.object({ id: z.string() }),
    handle: async (c, { body }) =>
      c.json(
        {
          id: await limited(c, () =>
            answerSurvey(c.var.db, c.req.param('token') ?? '', body, c.var.deps.now(), clientIp(c)),
          ),
        },
        201,
      ),
  }),
  api({
    method: 'POST',
    path: '/voice/kiosk-reports',
    access: 'public',
    summary:
      'Reports a kiosk that was hard to use (anonymous): company, kiosk type, place, what was hard; limited per address (429 with Retry-After)',
    tags,
    body: KioskReportInput,
    status: 201,
    response: z.object({ id: z.string() }),
    handle: async (c, { body }) => {
      const r = await limited(c, () =>
        submitKioskReport(c.var.db, c.var.actor, body, c.var.deps.now(), clientIp(c)),
      )
      return c.json({ id: r.id }, 201)
    },
  }),
  api({
    method: 'GET',
    path: '/voice/kiosk-reports/shared/:token',
    access: 'public',
    summary: "A partner company's anonymous kiosk report by its share token (cells under 5 are null)",
    tags,
    response: z.object({
      company: z.string(),
      reports: z.number().int(),
      problems: z.array(Cell),
      types: z.array(Cell),
      months: z.array(Cell),
      districts: z.array(Cell),
    }),
    handle: async (c) => {
      const r = await sharedReport(c.var.db, c.req.param('token') ?? '', c.var.deps.now())
      return c.json({
        company: r.company,
        reports: r.reports,
        problems: r.problems,
        types: r.types,
        months: r.months,
        districts: r.districts,
      })
    },
  }),
  api({
    method: 'GET',
    path: '/voice/satisfaction',
    access: 'voice:read',
    summary: 'Satisfaction per service over the last 12 months (surveys and help-desk ratings)',
    tags,
    response: z.object({
      items: z.array(
        z.object({
          service: z.string(),
          answers: z.number(),
          happy: z.number(),
          soso: z.number(),
          unhappy: z.number(),
        }),
      ),
    }),
    handle: async (c) =>
      c.json({
        items: await satisfaction(
          c.var.db,
          c.var.actor,
          new Date(c.var.deps.now().getTime() - 365 * 86_400_000),
        ),
      }),
  }),
  api({
    method: 'GET',
    path: '/voice/kiosk-reports/shared/:token/pdf',
    access: 'public',
    summary: "A partner company's anonymous kiosk report as a PDF, by its share token",
    tags,
    handle: async (c) =>
      pdfResponse(c, await sharedReport(c.var.db, c.req.param('token') ?? '', c.var.deps.now())),
  }),
  api({
    method: 'GET',
    path: '/voice/kiosk-reports/:company/pdf',
    access: 'voice:kiosk-reports',
    summary: "One company's anonymous kiosk report as a PDF (staff)",
    tags,
    handle: async (c) =>
      pdfResponse(c, await partnerReportFor(c.var.db, c.var.actor, companyOf(c), c.var.deps.now())),
  }),
]
