import type { Actor } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { companyKeyOf, openCampaign, recordKioskReport, requestSurvey, shareReport } from './service.ts'

const SAMPLE_ADMIN: Actor = {
  kind: 'staff',
  id: '',
  role: 'admin',
  orgId: null,
  name: 'e2e',
  via: 'token',
  sessionId: null,
}

let survey: Promise<string> | null = null
/** The path of a survey invitation (made once per process), for browser tests of /v/:token. */
export function sampleSurveyPath(db: Db): Promise<string> {
  survey ??= db
    .transaction((tx) => requestSurvey(tx, { service: 'repair', reference: 'REP-E2E0-0001' }))
    .then((r) => r?.path ?? '/v/missing')
  return survey
}

let campaign: Promise<string> | null = null
/** An open opinion question (made once per process). */
export function sampleCampaignId(db: Db): Promise<string> {
  campaign ??= openCampaign(
    db,
    SAMPLE_ADMIN,
    {
      questionKo: '어떤 교육이 더 필요하세요?',
      questionEn: 'Which classes do you need more?',
      choices: [
        { ko: '은행 앱', en: 'Banking apps' },
        { ko: '키오스크', en: 'Kiosks' },
      ],
    },
    new Date(),
  ).then((c) => c.id)
  return campaign
}

export const SAMPLE_COMPANY = '동네빵집'
let company: Promise<{ key: string; sharedPath: string }> | null = null
/** Six kiosk reports about one company and a share link to its report (made once per process). */
export function samplePartnerReport(db: Db): Promise<{ key: string; sharedPath: string }> {
  company ??= (async () => {
    for (let i = 0; i < 6; i++)
      await db.transaction((tx) =>
        recordKioskReport(tx, {
          company: SAMPLE_COMPANY,
          kioskType: 'restaurant',
          place: '종로3가역',
          districtCode: i < 5 ? '11110' : '11140',
          problems: i < 5 ? ['small_text', 'too_fast'] : ['payment'],
          source: i < 3 ? 'citizen' : 'guide',
        }),
      )
    const key = companyKeyOf(SAMPLE_COMPANY)
    const s = await shareReport(db, SAMPLE_ADMIN, key, new Date())
    return { key, sharedPath: s.path }
  })()
  return company
}
