import { registerEncryptedColumns } from '../../platform/crypto/rotate-columns.ts'
import type { DomainModule } from '../../platform/domain.ts'
import { registerPersonHooks } from '../people/index.ts'
import { catalogueNav, catalogueRoutes } from './aid-catalogue-pages.tsx'
import { aidMessages } from './aid-messages.ts'
import { aidPages } from './aid-pages.tsx'
import { ADDRESS_AAD, FOLLOW_UP_JOB, followUpJob } from './delivery.ts'
import { deliveryPages } from './delivery-pages.tsx'
import { donorMessages } from './donor-messages.ts'
import { donorNav, donorPages } from './donor-pages.tsx'
import { donorApi } from './donor-routes.ts'
import { seedDemoDonor } from './donor-seed.ts'
import { devicesMessages } from './messages.ts'
import { devicesNav, devicesPages, meSection } from './pages.tsx'
import { devicesReferences } from './references.ts'
import { repairPages } from './repair-pages.tsx'
import { ESCALATE_JOB, escalateJob } from './repairs.ts'
import { devicesApi } from './routes.ts'
import { seedDemoDevices } from './seed.ts'
import { PICKUP_AAD, receiptHolds } from './service.ts'
import { supportMessages } from './support-messages.ts'
import { supportApi } from './support-routes.ts'
import { allocations, pledges } from './tables.ts'
import './volunteer-hours.ts'
import './volunteer-repairers.ts'

registerEncryptedColumns('device pickup and delivery addresses', [
  { table: pledges, id: pledges.id, column: pledges.pickupAddress, aad: PICKUP_AAD },
  { table: allocations, id: allocations.id, column: allocations.deliveryAddressEnc, aad: ADDRESS_AAD },
])

registerPersonHooks({
  name: 'devices',
  retentionHolds: (tx, personId) => receiptHolds(tx, personId),
  meSection,
})

/**
 * Device sharing ("IT Seoul, we share hope"): pledges, intake with asset tags, the device lifecycle
 * with wipe certificates, gap-free donation receipts, applications with explained eligibility and
 * priority, allocation with district balance, delivery and after-service repairs.
 */
export const devicesDomain: DomainModule = {
  name: 'devices',
  references: devicesReferences,
  // donor-side pages first: /staff/devices/:tag (the device page) would otherwise answer /staff/devices/impact
  routes: [
    ...donorPages,
    ...catalogueRoutes,
    ...aidPages,
    ...deliveryPages,
    ...repairPages,
    ...devicesPages,
    ...devicesApi,
    ...donorApi,
    ...supportApi,
  ],
  messages: {
    ko: { ...devicesMessages.ko, ...donorMessages.ko, ...supportMessages.ko, ...aidMessages.ko },
    en: { ...devicesMessages.en, ...donorMessages.en, ...supportMessages.en, ...aidMessages.en },
  },
  staffNav: (v) => [...devicesNav(v), ...donorNav(v), ...catalogueNav(v)],
  jobs: { [FOLLOW_UP_JOB]: followUpJob, [ESCALATE_JOB]: escalateJob },
  // repair tickets past their SLA (business days) are escalated once, every hour
  schedules: [{ kind: ESCALATE_JOB, every: 'hourly' }],
  doors: { devices: '/devices' },
  seedDemo: async (ctx) => {
    await seedDemoDevices(ctx)
    return seedDemoDonor(ctx)
  },
}
