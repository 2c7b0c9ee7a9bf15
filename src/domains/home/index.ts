import type { DomainModule } from '../../platform/domain.ts'
import { homeMessages } from './messages.ts'
import { homePages } from './pages.tsx'

/** The citizen home page, display preferences and "help today" fallbacks for programmes not yet online. */
export const homeDomain: DomainModule = {
  name: 'home',
  routes: homePages,
  messages: homeMessages,
}
