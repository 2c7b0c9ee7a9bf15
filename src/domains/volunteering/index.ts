import { registerEncryptedColumns } from '../../platform/crypto/rotate-columns.ts'
import type { DomainModule } from '../../platform/domain.ts'
import { registerPersonHooks } from '../people/hooks.ts'
import { volunteeringMessages } from './messages.ts'
import { volunteeringNav, volunteeringPages } from './pages.tsx'
import { volunteeringReferences } from './references.ts'
import * as repo from './repo.ts'
import { volunteeringApi } from './routes.ts'
import { A as AAD, collectAllHours } from './service.ts'
import { volunteerApplications as va } from './tables.ts'

registerEncryptedColumns('volunteer applications', [
  { table: va, id: va.id, column: va.motivationEnc, aad: AAD.motivation },
  { table: va, id: va.id, column: va.availabilityEnc, aad: AAD.availability },
  { table: va, id: va.id, column: va.reviewEnc, aad: AAD.review },
])

registerPersonHooks({
  name: 'volunteering',
  erase: (tx, personId) => repo.eraseOfPerson(tx, personId),
})

/**
 * 50+ volunteering (Portal 50+): people over 50 apply to become a digital guide, peer tutor or IT
 * supporter; interview, two-week training, certification, assignment and hours, reviewed by staff.
 */
export const volunteeringDomain: DomainModule = {
  name: 'volunteering',
  routes: [...volunteeringPages, ...volunteeringApi],
  messages: volunteeringMessages,
  staffNav: volunteeringNav,
  references: volunteeringReferences,
  jobs: {
    'volunteering.hours': async ({ db, now, log }) => {
      const added = await collectAllHours(db, now)
      if (added) log.info({ added }, 'volunteering: hours collected from shifts, classes and tickets')
    },
  },
  schedules: [{ kind: 'volunteering.hours', every: 'daily', hour: 2 }],
}
