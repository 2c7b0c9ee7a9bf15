import type { SeedContext } from '../../platform/domain.ts'
import { deviceByTag, insertDevices, insertDonor, insertEvent, insertPledge } from './repo.ts'

/** Demo data: a company pledge of three laptops, received (asset tags D-DEMO-00001…3). Idempotent. */
export async function seedDemoDevices(ctx: SeedContext): Promise<undefined> {
  await ctx.db.transaction(async (tx) => {
    if (await deviceByTag(tx, 'D-DEMO-00001')) return
    const now = new Date()
    const donor = await insertDonor(tx, {
      kind: 'company',
      name: '같이전자 주식회사',
      businessNo: '123-45-67890',
      contact: 'csr@example.com',
      createdAt: now,
    })
    const pledge = await insertPledge(tx, {
      donorId: donor.id,
      deviceType: 'laptop',
      count: 3,
      ageYears: 3,
      condition: '작동함',
      handover: 'drop_off',
      consentDataDestruction: true,
      channel: 'staff',
      status: 'received',
      createdAt: now,
    })
    const made = await insertDevices(
      tx,
      [1, 2, 3].map((i) => ({
        assetTag: `D-DEMO-0000${i}`,
        pledgeId: pledge!.id,
        donorId: donor.id,
        type: 'laptop' as const,
        ageYears: 3,
        createdAt: now,
        updatedAt: now,
      })),
    )
    for (const d of made) await insertEvent(tx, { deviceId: d.id, toStatus: 'received', at: now })
  })
  ctx.progress('devices: demo pledge with 3 laptops (D-DEMO-00001…3)')
  return undefined
}
