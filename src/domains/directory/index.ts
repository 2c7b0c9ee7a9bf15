import type { DomainModule } from '../../platform/domain.ts'
import { directoryMessages } from './messages.ts'
import { directoryNav, directoryPages } from './pages.tsx'
import { directoryApi } from './routes.ts'

/**
 * Facilities and services directory over the reference places: hours, accessibility (step-free,
 * hearing loop, Braille), languages, services and contact, managed by staff with change history;
 * Open Referral HSDS 3.0 export/import and CSV bulk update; placeDetails() for other domains' maps.
 */
export const directoryDomain: DomainModule = {
  name: 'directory',
  routes: [...directoryPages, ...directoryApi],
  messages: directoryMessages,
  staffNav: directoryNav,
}
