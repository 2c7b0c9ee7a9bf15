import { readFileSync } from 'node:fs'
import type { DomainModule } from '../../platform/domain.ts'
import { registerPersonHooks } from '../people/index.ts'
import { shippedScenarios } from './catalogue.ts'
import { kioskMessages } from './messages.ts'
import { kioskMeSection, kioskNav, kioskPages } from './pages.tsx'
import * as repo from './repo.ts'
import { kioskApi } from './routes.ts'
import { purgeRateLimits, saveAuthored } from './service.ts'

// Kiosk practice belongs to the person who linked it: merge moves it, erasure unlinks it (the anonymous
// numbers stay), and /me shows it.
registerPersonHooks({
  name: 'kiosk',
  moveReferences: (tx, fromId, intoId) => repo.moveAttempts(tx, fromId, intoId),
  erase: (tx, personId) => repo.unlinkAttempts(tx, personId),
  meSection: kioskMeSection,
})

/**
 * Kiosk practice: a simulator of the self-service kiosks people meet (scenarios are data in
 * scenarios/*.json, format in format.ts), progress on the device or linked to a verified citizen,
 * the tutor's overview, anonymous "where people get stuck" statistics and scenario authoring.
 */
export const kioskDomain: DomainModule = {
  name: 'kiosk',
  routes: [...kioskPages, ...kioskApi],
  messages: kioskMessages,
  staffNav: kioskNav,
  doors: { kiosk: '/kiosk' },
  jobs: {
    'kiosk.rate-purge': async ({ db, now, log }) => {
      log.info({ purged: await purgeRateLimits(db, now) }, 'kiosk rate-limit counters purged')
    },
  },
  schedules: [{ kind: 'kiosk.rate-purge', every: 'daily', hour: 4 }],
  seedReference: async () => {
    shippedScenarios() // a broken shipped scenario stops the start with its file and line
  },
  seedDemo: async ({ db }) => {
    const source = readFileSync(new URL('./demo/neighbourhood-bakery.json', import.meta.url), 'utf8')
    const actor = {
      kind: 'staff',
      id: '',
      role: 'admin',
      orgId: null,
      name: 'demo',
      via: 'token',
      sessionId: null,
    } as const
    const r = await saveAuthored(db, actor, null, { source, action: 'publish' }, new Date())
    return r.ok ? undefined : [`kiosk demo scenario not loaded: ${r.problems[0]?.message}`]
  },
}
