import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { staffUsers } from '../identity/tables.ts'
import { volunteerApplications } from './tables.ts'

/**
 * Certified (or assigned) IT-supporter volunteers whose staff account is linked: who other domains may
 * use for IT work (device repairs). Read only; names are the staff accounts' display names, so no
 * personal record is decrypted.
 */
export interface CertifiedItSupporter {
  applicationId: string
  staffUserId: string
  displayName: string
  districtCode: string | null
  certificateNo: string | null
}

const ACTIVE = ['certified', 'assigned'] as const

function query(db: Db, staffUserId?: string) {
  return db
    .select({
      applicationId: volunteerApplications.id,
      staffUserId: volunteerApplications.staffUserId,
      displayName: staffUsers.displayName,
      districtCode: volunteerApplications.districtCode,
      certificateNo: volunteerApplications.certificateNo,
    })
    .from(volunteerApplications)
    .innerJoin(staffUsers, eq(staffUsers.id, volunteerApplications.staffUserId))
    .where(
      and(
        eq(volunteerApplications.role, 'it_supporter'),
        inArray(volunteerApplications.status, [...ACTIVE]),
        isNotNull(volunteerApplications.staffUserId),
        ...(staffUserId ? [eq(volunteerApplications.staffUserId, staffUserId)] : []),
      ),
    )
    .orderBy(asc(staffUsers.displayName))
}

/** Every certified or assigned IT supporter with a linked staff account, by name. */
export async function certifiedItSupporters(db: Db): Promise<CertifiedItSupporter[]> {
  return (await query(db)) as CertifiedItSupporter[]
}

/** The certified or assigned IT supporter behind a staff account, if there is one. */
export async function itSupporterOfStaff(db: Db, staffUserId: string): Promise<CertifiedItSupporter | null> {
  const [row] = await query(db, staffUserId)
  return (row as CertifiedItSupporter | undefined) ?? null
}
