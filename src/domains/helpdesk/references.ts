import type { Actor } from '../../platform/auth/actor.ts'
import { scopeFor } from '../../platform/auth/permissions.ts'
import { translate } from '../../platform/i18n/index.ts'
import type { ReferenceResolver } from '../../platform/reference.ts'
import { ticketIdByRef } from './service.ts'

/** A ticket number (`2612-0042`, on every help-desk text and email) → the ticket, for help-desk staff. */
export const helpdeskReferences: ReferenceResolver[] = [
  {
    name: 'helpdesk.ticket',
    async find(db, actor: Actor, raw, locale) {
      const ref = raw.replace(/\s+/g, '')
      if (!/^\d{4}-?\d{4}$/.test(ref) || actor.kind !== 'staff' || !scopeFor(actor.role, 'helpdesk:work'))
        return []
      const id = await ticketIdByRef(db, actor, ref).catch(() => null)
      return id
        ? [{ href: `/staff/help/tickets/${id}`, label: translate(locale, 'ops.find.kind.ticket', { ref }) }]
        : []
    },
  },
]
