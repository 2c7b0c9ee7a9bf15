import { registerHoursSource } from '../volunteering/hours-sources.ts'
import { REPAIR_DEFAULT_MINUTES, resolvedRepairsOf } from './repairs.ts'

/**
 * Repairs a certified IT-supporter volunteer resolved (the repairer linked to their staff account) count
 * as their volunteer hours: the time spent given at resolution, else an hour.
 */
registerHoursSource({
  name: 'device-repair',
  activity: 'ticket',
  role: 'it_supporter',
  defaultMinutes: REPAIR_DEFAULT_MINUTES,
  labelKey: 'volunteering.source.device-repair',
  finishedWork: (db, staffId, since, until) => resolvedRepairsOf(db, staffId, since, until),
})
