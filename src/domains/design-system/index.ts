import type { DomainModule } from '../../platform/domain.ts'
import { designSystemMessages } from './messages.ts'
import { designSystemPages } from './pages.tsx'

/** Public documentation of the design system: tokens, contrast ratios, components with live examples. */
export const designSystemDomain: DomainModule = {
  name: 'design-system',
  routes: designSystemPages,
  messages: designSystemMessages,
}
