import type { DomainModule } from '../../platform/domain.ts'
import { statsMessages } from './messages.ts'
import { statsNav, statsPages } from './pages.tsx'
import { statsApi } from './routes.ts'
import { collectAndRefresh } from './service.ts'

/**
 * Statistics: anonymous events collected from the other domains (hourly, idempotent by source key)
 * into a monthly rollup refreshed incrementally; the staff KPI dashboard with targets and the equity
 * view; the public statistics page (small cells withheld), downloads and the open-data API v1.
 */
export const statsDomain: DomainModule = {
  name: 'stats',
  routes: [...statsPages, ...statsApi],
  messages: statsMessages,
  staffNav: statsNav,
  jobs: {
    'stats.rollup': async ({ db, now, log }) => {
      log.info(await collectAndRefresh(db, now), 'statistics collected and rolled up')
    },
  },
  schedules: [{ kind: 'stats.rollup', every: 'hourly' }],
}
