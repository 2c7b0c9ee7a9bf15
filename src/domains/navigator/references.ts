import { scopeFor } from '../../platform/auth/permissions.ts'
import { formatDate } from '../../platform/i18n/format.ts'
import { translate } from '../../platform/i18n/index.ts'
import { parseCaseRef, type ReferenceResolver } from '../../platform/reference.ts'
import * as repo from './repo.ts'

/**
 * `NAV-xxxx-xxxx` (shown when answers are saved, and on every notice text) → the saved answers in
 * expert mode, for staff who may use expert mode (city-wide roles: any case; others: the cases they
 * saved with the person). Expired (purged) cases are not found.
 */
export const navigatorReferences: ReferenceResolver[] = [
  {
    name: 'navigator.savedCase',
    async find(db, actor, raw, locale) {
      const ref = parseCaseRef(raw)
      if (ref?.prefix !== 'NAV' || actor.kind !== 'staff') return []
      const scope = scopeFor(actor.role, 'navigator:expert')
      if (!scope) return []
      const rows = await repo.casesByIdPrefix(db, ref.hex, new Date())
      return rows
        .filter((r) => scope === 'all' || r.savedBy === actor.id)
        .map((r) => ({
          href: `/staff/navigator/cases/${r.id}`,
          label: translate(locale, 'navigator.find', {
            saved: formatDate(locale, r.createdAt),
            until: formatDate(locale, r.expiresAt),
          }),
        }))
    },
  },
]
