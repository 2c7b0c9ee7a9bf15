import { registerEncryptedColumns } from '../../platform/crypto/rotate-columns.ts'
import type { DomainModule } from '../../platform/domain.ts'
import { registerPersonHooks } from '../people/hooks.ts'
import { navigatorMessages } from './messages.ts'
import { navigatorNav, navigatorPages } from './pages.tsx'
import { navigatorReferences } from './references.ts'
import * as repo from './repo.ts'
import { navigatorApi } from './routes.ts'
import { ANSWERS_AAD, notifyMatches, PHONE_AAD, purgeExpiredCases } from './service.ts'
import { savedCases } from './tables.ts'

registerEncryptedColumns('navigator saved answers', [
  { table: savedCases, id: savedCases.id, column: savedCases.answersEnc, aad: ANSWERS_AAD },
  { table: savedCases, id: savedCases.id, column: savedCases.contactPhoneEnc, aad: PHONE_AAD },
  // not written by any form yet; sealed with this purpose when it is
  {
    table: savedCases,
    id: savedCases.id,
    column: savedCases.contactEmailEnc,
    aad: 'nav_saved_cases.contact_email',
  },
])

registerPersonHooks({
  name: 'navigator',
  erase: (tx, personId) => repo.eraseCasesOfPerson(tx, personId),
})

/**
 * Welfare navigator ("what support can I get?"): plain questions one a page (or all on one page for a
 * social worker), programmes as versioned rules with sources, explained results with one-click
 * application into Gachi's own programmes, local programmes added by managers without code, saved
 * answers (encrypted, on request only) and notices of new matching programmes.
 */
export const navigatorDomain: DomainModule = {
  name: 'navigator',
  routes: [...navigatorPages, ...navigatorApi],
  messages: navigatorMessages,
  staffNav: navigatorNav,
  references: navigatorReferences,
  doors: { support: '/support' },
  jobs: {
    'navigator.notify': async ({ db, job, now, log }) => {
      const id = String((job.payload as { programmeId?: string }).programmeId ?? '')
      const told = await notifyMatches(db, id, now)
      if (told) log.info({ told }, 'navigator: saved cases told of a new programme')
    },
    'navigator.purge': async ({ db, now, log }) => {
      const n = await purgeExpiredCases(db, now)
      if (n) log.info({ purged: n }, 'navigator: expired saved answers destroyed')
    },
  },
  schedules: [{ kind: 'navigator.purge', every: 'daily', hour: 3 }],
}
