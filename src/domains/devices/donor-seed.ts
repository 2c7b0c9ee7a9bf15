import { eq } from 'drizzle-orm'
import type { SeedContext } from '../../platform/domain.ts'
import { organisations } from '../identity/tables.ts'
import { deviceByTag, insertDevices, insertDonor, insertEvent, insertPledge, insertWipe } from './repo.ts'
import { refurbishments } from './tables.ts'

/** The demo company (identity seed) whose `donor` account sees its impact page. */
export const DEMO_COMPANY = '한빛전자 주식회사'

/**
 * Demo data for the donor side: the demo company's pledge of two laptops linked to its organisation —
 * D-DEMO-00004 wiped (with a storage record) and refurbished to grade A, D-DEMO-00005 wiped and waiting
 * for refurbishment (the device page then shows the refurbishment form). Idempotent.
 */
export async function seedDemoDonor(ctx: SeedContext): Promise<undefined> {
  await ctx.db.transaction(async (tx) => {
    if (await deviceByTag(tx, 'D-DEMO-00004')) return
    const [org] = await tx.select().from(organisations).where(eq(organisations.nameKo, DEMO_COMPANY))
    const now = new Date()
    const donor = await insertDonor(tx, {
      kind: 'company',
      name: DEMO_COMPANY,
      businessNo: '220-81-12345',
      contact: 'csr@hanbit.example',
      orgId: org?.id ?? null,
      createdAt: now,
    })
    const pledge = await insertPledge(tx, {
      donorId: donor.id,
      deviceType: 'laptop',
      count: 2,
      ageYears: 3,
      condition: '작동함',
      handover: 'drop_off',
      consentDataDestruction: true,
      channel: 'web',
      status: 'received',
      createdAt: now,
    })
    const [graded, wiped] = await insertDevices(tx, [
      {
        assetTag: 'D-DEMO-00004',
        pledgeId: pledge!.id,
        donorId: donor.id,
        type: 'laptop',
        model: 'LG gram 14',
        serial: 'DEMO-LG-0004',
        ageYears: 3,
        status: 'graded',
        grade: 'A',
        wipeVerified: true,
        centre: '서울 나눔 수리센터',
        specs: { cpu: 'i5-1135G7', ramGb: 16, storageGb: 512, os: 'Windows 11' },
        createdAt: now,
        updatedAt: now,
      },
      {
        assetTag: 'D-DEMO-00005',
        pledgeId: pledge!.id,
        donorId: donor.id,
        type: 'laptop',
        model: 'LG gram 14',
        serial: 'DEMO-LG-0005',
        ageYears: 3,
        status: 'wiped',
        wipeVerified: true,
        centre: '서울 나눔 수리센터',
        createdAt: now,
        updatedAt: now,
      },
    ])
    const steps = (to: string[]) => to.map((s, i) => ({ from: i === 0 ? null : to[i - 1]!, to: s }))
    for (const [d, path] of [
      [graded!, ['received', 'wiping', 'wiped', 'refurbishing', 'graded']],
      [wiped!, ['received', 'wiping', 'wiped']],
    ] as const) {
      for (const s of steps([...path]))
        await insertEvent(tx, {
          deviceId: d.id,
          fromStatus: s.from,
          toStatus: s.to,
          actorName: '최수리',
          at: now,
        })
      await insertWipe(tx, {
        deviceId: d.id,
        method: 'purge',
        tool: 'nwipe 0.35',
        technicianName: '최수리',
        verifierName: '이검증',
        storage: [{ kind: 'nvme', serial: `NV-${d.assetTag}`, capacityGb: 512 }],
        passed: true,
        at: now,
      })
    }
    await tx.insert(refurbishments).values({
      deviceId: graded!.id,
      checklist: { cleaned: true, screen: true, keyboard: true, battery: true, osInstalled: true },
      parts: [{ part: '배터리', costKrw: 45000 }],
      partsCostKrw: 45000,
      grade: 'A',
      specs: { cpu: 'i5-1135G7', ramGb: 16, storageGb: 512, os: 'Windows 11' },
      at: now,
    })
  })
  ctx.progress(`devices: demo company donation (D-DEMO-00004…5) for the donor account's impact page`)
  return undefined
}
