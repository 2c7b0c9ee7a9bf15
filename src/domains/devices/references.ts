import { type Actor, orgIdsOf } from '../../platform/auth/actor.ts'
import { scopeFor } from '../../platform/auth/permissions.ts'
import { translate } from '../../platform/i18n/index.ts'
import type { ReferenceResolver } from '../../platform/reference.ts'
import * as repo from './repo.ts'

/** Asset tags (`D-2026-00012`, on labels and letters) and application numbers (`DA-1A2B3C4D`, on texts). */
export const devicesReferences: ReferenceResolver[] = [
  {
    name: 'devices.asset-tag',
    async find(db, actor: Actor, raw, locale) {
      const tag = raw.replace(/\s+/g, '').toUpperCase()
      if (!/^D-\d{4}-\d{5}$/.test(tag) || actor.kind !== 'staff' || !scopeFor(actor.role, 'devices:read'))
        return []
      const d = await repo.deviceByTag(db, tag)
      return d
        ? [
            {
              href: `/staff/devices/${encodeURIComponent(d.assetTag)}`,
              label: translate(locale, 'ops.find.kind.device', { ref: d.assetTag }),
            },
          ]
        : []
    },
  },
  {
    name: 'devices.application',
    async find(db, actor: Actor, raw, locale) {
      const m = /^DA-?([0-9A-F]{8})$/.exec(raw.replace(/\s+/g, '').toUpperCase())
      if (!m || actor.kind !== 'staff') return []
      const scope = scopeFor(actor.role, 'devices:apply')
      if (!scope) return []
      const mine = orgIdsOf(actor)
      const rows = await repo.applicationsByIdPrefix(db, m[1]!.toLowerCase())
      return rows
        .filter((a) => scope === 'all' || (a.orgId !== null && mine.includes(a.orgId)))
        .map((a) => ({
          href: `/staff/devices/applications#app-${a.id}`,
          label: translate(locale, 'ops.find.kind.application', { ref: `DA-${m[1]}` }),
        }))
    },
  },
]
