import type { DomainModule } from '../../platform/domain.ts'
import { registerPersonHooks } from '../people/index.ts'
import { educationManageMessages } from './manage-messages.ts'
import { educationManagePages } from './manage-pages.tsx'
import { educationManageApi } from './manage-routes.ts'
import { educationMessages } from './messages.ts'
import { educationNav, educationPages, myLearningSection } from './pages.tsx'
import { educationReferences } from './references.ts'
import { educationApi } from './routes.ts'
import { seedEducationDemo } from './seed.ts'
import { queueReminders } from './service.ts'

registerPersonHooks({
  name: 'education',
  meSection: ({ db, v, personId }) => myLearningSection(db, v, personId),
})

/**
 * Digital-literacy education: catalogue, sessions (holidays skipped, tutors never double-booked),
 * enrolment that never oversells with a waitlist, reminders, attendance, certificates, what next.
 */
export const educationDomain: DomainModule = {
  name: 'education',
  references: educationReferences,
  routes: [...educationPages, ...educationManagePages, ...educationApi, ...educationManageApi],
  messages: {
    ko: { ...educationMessages.ko, ...educationManageMessages.ko },
    en: { ...educationMessages.en, ...educationManageMessages.en },
  },
  staffNav: educationNav,
  doors: { learn: '/learn' },
  jobs: {
    'education.reminders': async ({ db, now, log }) => {
      const n = await queueReminders(db, now)
      log.info({ n }, 'education day-before reminders queued')
    },
    'education.reminders.today': async ({ db, now, log }) => {
      const n = await queueReminders(db, now, 'today')
      log.info({ n }, 'education same-day reminders queued')
    },
  },
  schedules: [
    { kind: 'education.reminders', every: 'daily', hour: 10 },
    { kind: 'education.reminders.today', every: 'daily', hour: 7 },
  ],
  seedDemo: seedEducationDemo,
}
