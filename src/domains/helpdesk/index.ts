import { registerEncryptedColumns } from '../../platform/crypto/rotate-columns.ts'
import type { DomainModule } from '../../platform/domain.ts'
import { registerPersonHooks } from '../people/hooks.ts'
import { cannedPages } from './canned-pages.tsx'
import { helpdeskMessages } from './messages.ts'
import { helpdeskNav, helpdeskPages, meQuestions } from './pages.tsx'
import { helpdeskReferences } from './references.ts'
import * as repo from './repo.ts'
import { helpdeskApi } from './routes.ts'
import { seedArticles } from './seed.ts'
import {
  CONTACT_NAME_AAD,
  CONTACT_PHONE_AAD,
  escalateBreaches,
  myTickets,
  refreshSearchTerms,
  TICKET_EMAIL_AAD,
} from './service.ts'
import { helpTickets, TICKET_CATEGORIES } from './tables.ts'

registerEncryptedColumns('help-desk ticket contacts', [
  { table: helpTickets, id: helpTickets.id, column: helpTickets.email, aad: TICKET_EMAIL_AAD },
  { table: helpTickets, id: helpTickets.id, column: helpTickets.contactNameEnc, aad: CONTACT_NAME_AAD },
  { table: helpTickets, id: helpTickets.id, column: helpTickets.contactPhoneEnc, aad: CONTACT_PHONE_AAD },
])

registerPersonHooks({
  name: 'helpdesk',
  moveReferences: (tx, fromId, intoId) => repo.moveTicketsOfPerson(tx, fromId, intoId),
  erase: (tx, personId) => repo.eraseTicketsOfPerson(tx, personId),
  meSection: async ({ db, v, personId }) => meQuestions(v, await myTickets(db, personId)),
})

/**
 * Help desk and knowledge base: plain-language articles (versioned, Korean search with initial
 * consonants and typo tolerance, read aloud, large print), questions by web, phone and referral,
 * the agents' queue with SLA on business hours and escalation, satisfaction, and the
 * smartphone-overdependence self-check.
 */
export const helpdeskDomain: DomainModule = {
  name: 'helpdesk',
  references: helpdeskReferences,
  routes: [...helpdeskPages, ...cannedPages, ...helpdeskApi],
  messages: helpdeskMessages,
  staffNav: helpdeskNav,
  doors: { ask: '/ask' },
  jobs: {
    'helpdesk.escalate': async ({ db, now, log }) => {
      const n = await escalateBreaches(db, now)
      if (n) log.info({ escalated: n }, 'help desk SLA escalation')
    },
    'helpdesk.search-terms': async ({ db, log }) => {
      log.info({ terms: await refreshSearchTerms(db) }, 'help search vocabulary rebuilt')
    },
  },
  schedules: [
    { kind: 'helpdesk.escalate', every: 'hourly' },
    { kind: 'helpdesk.search-terms', every: 'daily', hour: 4 },
  ],
  seedReference: async ({ db, progress }) => {
    const n = await seedArticles(db)
    if (n) progress(`help articles: ${n}`)
  },
  seedDemo: async ({ db }) => {
    for (const a of await repo.agents(db))
      await repo.setSkills(db, a.id, [...TICKET_CATEGORIES], ['ko', 'en'])
    return undefined
  },
}
