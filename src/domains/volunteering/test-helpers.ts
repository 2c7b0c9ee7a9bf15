import { encryptField } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { volunteerApplications } from './tables.ts'

/** The id of a volunteer application of this person for page samples (adds one the first time). */
export async function sampleVolunteerId(db: Db, personId: string): Promise<string> {
  const [first] = await db.select({ id: volunteerApplications.id }).from(volunteerApplications).limit(1)
  if (first) return first.id
  const now = new Date()
  const [r] = await db
    .insert(volunteerApplications)
    .values({
      personId,
      role: 'digital_guide',
      motivationEnc: encryptField('이웃을 돕고 싶어요', 'vol_applications.motivation'),
      availabilityEnc: encryptField('화요일 오전', 'vol_applications.availability'),
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: volunteerApplications.id })
  return r!.id
}
