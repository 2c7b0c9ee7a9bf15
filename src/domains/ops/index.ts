import type { DomainModule } from '../../platform/domain.ts'
import { opsMessages } from './messages.ts'
import { opsNav, opsPages } from './pages.tsx'

/** Operations pages for staff and admins: staff home, development message log, job queue. */
export const opsDomain: DomainModule = {
  name: 'ops',
  routes: opsPages,
  messages: opsMessages,
  staffNav: opsNav,
}
