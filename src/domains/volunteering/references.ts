import { scopeFor } from '../../platform/auth/permissions.ts'
import { translate } from '../../platform/i18n/index.ts'
import { parseCaseRef, type ReferenceResolver } from '../../platform/reference.ts'
import * as repo from './repo.ts'

/** `VOL-xxxx-xxxx` (on every volunteering text and the certificate) → the application's review page. */
export const volunteeringReferences: ReferenceResolver[] = [
  {
    name: 'volunteering.application',
    async find(db, actor, raw, locale) {
      const ref = parseCaseRef(raw)
      if (ref?.prefix !== 'VOL' || actor.kind !== 'staff') return []
      if (!scopeFor(actor.role, 'volunteering:review')) return []
      const rows = await repo.applicationsByIdPrefix(db, ref.hex)
      return rows.map((r) => ({
        href: `/staff/volunteers/${r.a.id}`,
        label: translate(locale, 'volunteering.find', {
          name: r.name ?? '',
          status: translate(locale, `volunteering.status.${r.a.status}`),
        }),
      }))
    },
  },
]
