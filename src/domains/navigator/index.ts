import type { DomainModule } from '../../platform/domain.ts'
import { registerPersonHooks } from '../people/hooks.ts'
import { navigatorMessages } from './messages.ts'
import { navigatorNav, navigatorPages } from './pages.tsx'
import { navigatorReferences } from './references.ts'
import * as repo from './repo.ts'
import { navigatorApi } from './routes.ts'
import { notifyMatches, purgeExpiredCases } from './service.ts'

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
