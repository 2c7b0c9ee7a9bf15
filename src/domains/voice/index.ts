import { registerEncryptedColumns } from '../../platform/crypto/rotate-columns.ts'
import type { DomainModule } from '../../platform/domain.ts'
import { registerPersonHooks } from '../people/hooks.ts'
import { registerStatSource } from '../stats/sources.ts'
import { fieldPages } from './field.tsx'
import { voiceMessages } from './messages.ts'
import { voiceNav, voicePages } from './pages.tsx'
import * as repo from './repo.ts'
import { voiceApi } from './routes.ts'
import { PHONE_AAD, purgeRateLimits, surveyStatFacts } from './service.ts'
import { surveyResponses } from './tables.ts'

registerEncryptedColumns('survey call-back numbers', [
  {
    table: surveyResponses,
    id: surveyResponses.id,
    column: surveyResponses.followUpPhoneEnc,
    aad: PHONE_AAD,
  },
])

// Survey invitations may name the person they were sent to: merge moves them, erasure unlinks them
// (the anonymous answers stay for the statistics).
registerPersonHooks({
  name: 'voice',
  moveReferences: (tx, fromId, intoId) => repo.moveRequests(tx, fromId, intoId),
  erase: (tx, personId) => repo.unlinkRequests(tx, personId),
})

// Survey answers count in the statistics (answers, satisfied), read incrementally from a cursor.
registerStatSource({ name: 'voice.surveys', read: surveyStatFacts })

/**
 * Voice of users: one-tap surveys after each service (web and SMS link), opinion questions with
 * results by group and district, kiosk-difficulty reports aggregated per partner company (shareable
 * by an unguessable link and as a PDF). Other domains call `requestSurvey` and `recordKioskReport`.
 */
export const voiceDomain: DomainModule = {
  name: 'voice',
  routes: [...voicePages, ...fieldPages, ...voiceApi],
  messages: voiceMessages,
  staffNav: voiceNav,
  doors: { voice: '/voice' },
  jobs: {
    'voice.rate-purge': async ({ db, now, log }) => {
      log.info({ purged: await purgeRateLimits(db, now) }, 'voice rate-limit counters purged')
    },
  },
  schedules: [{ kind: 'voice.rate-purge', every: 'daily', hour: 4 }],
}
