import { registerCertifiedHook } from '../volunteering/certified-hooks.ts'
import { addCertifiedSupporter } from './repairs.ts'

/**
 * A certified (or assigned) IT-supporter volunteer with a linked staff account becomes a volunteer
 * repairer at once, in the certification's transaction (repairs.ts `addCertifiedSupporter`).
 */
registerCertifiedHook('devices.volunteer-repairer', async (tx, actor, v, now) => {
  if (v.role === 'it_supporter' && v.staffUserId) await addCertifiedSupporter(tx, actor, v.staffUserId, now)
})
