import type { DomainModule } from '../../platform/domain.ts'
import { referenceMessages } from './messages.ts'
import { referenceApi } from './routes.ts'
import { seedReference } from './seed.ts'

/** Reference data of the city: districts and places where help can be found. */
export const referenceDomain: DomainModule = {
  name: 'reference',
  routes: referenceApi,
  messages: referenceMessages,
  seedReference,
}
