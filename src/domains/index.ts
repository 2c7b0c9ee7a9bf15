import type { DomainModule } from '../platform/domain.ts'
import { designSystemDomain } from './design-system/index.ts'
import { devicesDomain } from './devices/index.ts'
import { directoryDomain } from './directory/index.ts'
import { educationDomain } from './education/index.ts'
import { guidesDomain } from './guides/index.ts'
import { helpdeskDomain } from './helpdesk/index.ts'
import { homeDomain } from './home/index.ts'
import { identityDomain } from './identity/index.ts'
import { kioskDomain } from './kiosk/index.ts'
import { navigatorDomain } from './navigator/index.ts'
import { nearbyDomain } from './nearby/index.ts'
import { opsDomain } from './ops/index.ts'
import { peopleDomain } from './people/index.ts'
import { referenceDomain } from './reference/index.ts'
import { statsDomain } from './stats/index.ts'
import { voiceDomain } from './voice/index.ts'
import { volunteeringDomain } from './volunteering/index.ts'

/** The one place where domains register. Order: reference data first (others seed on top of it). */
export const DOMAINS: DomainModule[] = [
  referenceDomain,
  identityDomain,
  homeDomain,
  opsDomain,
  designSystemDomain,
  peopleDomain,
  helpdeskDomain,
  educationDomain,
  kioskDomain,
  devicesDomain,
  guidesDomain,
  navigatorDomain,
  directoryDomain,
  volunteeringDomain,
  nearbyDomain,
  voiceDomain,
  statsDomain,
]
