import type { DomainModule } from '../../platform/domain.ts'
import { registerBuiltInLayers } from './map-layers.ts'
import { nearbyMessages } from './messages.ts'
import { nearbyNav, nearbyPages } from './pages.tsx'
import { registerRepairCentres } from './repair.ts'
import { nearbyApi } from './routes.ts'
import { seedNearbyDemo, seedNearbyReference } from './seed.ts'
import { registerBuiltInSources } from './sources.ts'

registerBuiltInLayers()
registerBuiltInSources()
registerRepairCentres()

/**
 * The data map and "find help near me": map layers and nearby sources that other domains add to
 * (layers.ts), the spatial index (spatial.ts, service.ts), the Korean-aware place search (gazetteer.ts),
 * dong boundaries + senior population and public Wi-Fi from data/<city>/ (seed.ts).
 */
export const nearbyDomain: DomainModule = {
  name: 'nearby',
  routes: [...nearbyPages, ...nearbyApi],
  messages: nearbyMessages,
  staffNav: nearbyNav,
  doors: { nearby: '/nearby' },
  seedReference: seedNearbyReference,
  seedDemo: seedNearbyDemo,
}
