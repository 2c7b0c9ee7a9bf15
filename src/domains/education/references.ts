import { type Actor, orgIdsOf } from '../../platform/auth/actor.ts'
import { scopeFor } from '../../platform/auth/permissions.ts'
import { translate } from '../../platform/i18n/index.ts'
import { parseCaseRef, type ReferenceResolver } from '../../platform/reference.ts'
import * as repo from './repo.ts'

/** `EDU-xxxx-xxxx` (on every education text) → the enrolment's session page, for staff who may see it. */
export const educationReferences: ReferenceResolver[] = [
  {
    name: 'education.enrolment',
    async find(db, actor: Actor, raw, locale) {
      const ref = parseCaseRef(raw)
      if (ref?.prefix !== 'EDU' || actor.kind !== 'staff') return []
      const scope = scopeFor(actor.role, 'education:read')
      if (!scope) return []
      const rows = await repo.enrolmentsByIdPrefix(db, ref.hex)
      const mine = orgIdsOf(actor)
      return rows
        .filter((r) => scope === 'all' || (r.enrolment.orgId !== null && mine.includes(r.enrolment.orgId)))
        .map((r) => ({
          href: `/staff/learn/sessions/${r.enrolment.sessionId}`,
          label: translate(locale, 'ops.find.kind.enrolment', {
            course: locale === 'en' ? r.course.titleEn : r.course.titleKo,
            status: translate(locale, `ops.find.enrolment.${r.enrolment.status}`),
          }),
        }))
    },
  },
]
