import { cityProfile } from '../../platform/city.ts'
import { api } from '../../platform/http/route.ts'
import { hoursCertificatePdf } from './pdf.ts'
import { hoursCertificateFor } from './service.ts'

/** JSON/file API: the certificate of volunteer hours as PDF. */
export const volunteeringApi = [
  api({
    method: 'GET',
    path: '/volunteering/hours-certificates/:id/pdf',
    tags: ['volunteering'],
    access: 'signed-in',
    summary: 'A certificate of volunteer hours as PDF (the volunteer, or staff who review volunteers)',
    handle: async (c) => {
      const r = await hoursCertificateFor(c.var.db, c.var.actor, c.req.param('id') ?? '')
      const locale = c.var.locale
      const t = c.var.t
      const pdf = await hoursCertificatePdf({
        locale,
        name: r.name ?? '',
        role: t(`volunteering.roleShort.${r.a.role}`),
        fromDay: r.cert.fromDay,
        toDay: r.cert.toDay,
        minutes: r.cert.minutes,
        byActivity: r.byActivity.map((h) => ({
          label: t(`volunteering.activity.${h.activity}`),
          minutes: h.minutes,
        })),
        certificateNo: r.a.certificateNo ?? '',
        issuedAt: r.cert.issuedAt,
        code: r.cert.code,
        cityName: cityProfile(c.var.deps.config.GACHI_CITY).name[locale],
        verifyUrl: `${new URL(c.req.url).origin}/volunteer/certificates/${r.cert.code}`,
      })
      return c.body(new Uint8Array(pdf), 200, {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="volunteer-hours-${r.cert.code}.pdf"`,
        'cache-control': 'no-store',
      })
    },
  }),
]
