import type { Role } from '../../platform/auth/permissions.ts'
import type { SeedContext } from '../../platform/domain.ts'
import * as repo from './repo.ts'
import { createStaff, requiresMfa, sealTotp } from './service.ts'

/** The demo password of every demo account (demo mode only; never in production). */
export const DEMO_PASSWORD = 'gachi-demo-2026'
/** The demo accounts' authenticator secret (add it to an authenticator app, or read the code shown in demo mode). */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

const DEMO_ORGS = [
  {
    key: 'city',
    kind: 'city',
    nameKo: '서울특별시 디지털정책과',
    nameEn: 'Seoul Digital Policy Division',
    districtCode: null,
  },
  {
    key: 'centre',
    kind: 'community_centre',
    nameKo: '종로구 사직동 주민센터',
    nameEn: 'Sajik-dong Community Centre, Jongno-gu',
    districtCode: '11110',
  },
  {
    key: 'centre2',
    kind: 'community_centre',
    nameKo: '노원구 상계3·4동 주민센터',
    nameEn: 'Sanggye 3/4-dong Community Centre, Nowon-gu',
    districtCode: '11350',
  },
  {
    key: 'repair',
    kind: 'repair_centre',
    nameKo: '서울 나눔 수리센터',
    nameEn: 'Seoul Sharing Repair Centre',
    districtCode: '11440',
  },
  {
    key: 'charity',
    kind: 'charity',
    nameKo: '희망나눔 재단',
    nameEn: 'Hope Sharing Foundation',
    districtCode: '11140',
  },
  {
    key: 'company',
    kind: 'company',
    nameKo: '한빛전자 주식회사',
    nameEn: 'Hanbit Electronics Co.',
    districtCode: '11680',
  },
] as const

const DEMO_STAFF: {
  username: string
  displayName: string
  role: Role
  org: (typeof DEMO_ORGS)[number]['key']
}[] = [
  { username: 'admin', displayName: '김관리', role: 'admin', org: 'city' },
  { username: 'manager', displayName: '이사업', role: 'programme_manager', org: 'city' },
  { username: 'centre', displayName: '박복지', role: 'centre_worker', org: 'centre' },
  { username: 'centre2', displayName: '정상계', role: 'centre_worker', org: 'centre2' },
  { username: 'repair', displayName: '최수리', role: 'repair_technician', org: 'repair' },
  { username: 'guide', displayName: '한안내', role: 'digital_guide', org: 'city' },
  { username: 'tutor', displayName: '윤강사', role: 'tutor', org: 'city' },
  { username: 'helpdesk', displayName: '강상담', role: 'helpdesk_agent', org: 'city' },
  { username: 'donor', displayName: '오기증', role: 'donor_org', org: 'company' },
  { username: 'analyst', displayName: '서분석', role: 'analyst', org: 'city' },
]

/** Demo organisations and one demo account per role; returns the sign-in lines to print. */
export async function seedDemoIdentity(ctx: SeedContext): Promise<string[]> {
  const orgIds = new Map<string, string>()
  for (const o of DEMO_ORGS) {
    const existing = await repo.findOrgByName(ctx.db, o.nameKo)
    const row =
      existing ??
      (await repo.insertOrg(ctx.db, {
        kind: o.kind,
        nameKo: o.nameKo,
        nameEn: o.nameEn,
        districtCode: o.districtCode,
      }))
    orgIds.set(o.key, row.id)
  }
  for (const s of DEMO_STAFF) {
    if (await repo.findStaffByLogin(ctx.db, s.username)) continue
    const staff = await createStaff(
      ctx.db,
      'system',
      {
        username: s.username,
        displayName: s.displayName,
        role: s.role,
        orgId: orgIds.get(s.org),
        password: DEMO_PASSWORD,
      },
      { isDemo: true },
    )
    // demo accounts that need a second factor get one already set up; demo mode shows its code on the page
    if (requiresMfa(s.role))
      await repo.updateStaff(ctx.db, staff.id, {
        totpSecretEnc: sealTotp(DEMO_TOTP_SECRET),
        totpEnabledAt: new Date(),
      })
  }
  ctx.progress(`demo staff: ${DEMO_STAFF.length}`)
  return [
    `Demo staff sign-in at /staff/sign-in — password for every account: ${DEMO_PASSWORD}`,
    `  Second factor: authenticator secret ${DEMO_TOTP_SECRET} (demo mode also shows the current code on the page)`,
    ...DEMO_STAFF.map((s) => `  ${s.username.padEnd(10)} ${s.role}`),
  ]
}
