import { eq, sql } from 'drizzle-orm'
import type { SeedContext } from '../../platform/domain.ts'
import { staffUsers } from '../identity/tables.ts'
import { places } from '../reference/tables.ts'
import { kstDay } from './calendar.ts'
import * as mrepo from './manage-repo.ts'
import * as repo from './repo.ts'
import type { CourseInput } from './schema.ts'
import { createSession } from './service.ts'
import { courses } from './tables.ts'

type Demo = Omit<CourseInput, 'prerequisites'> & { key: string; after?: string[] }

const DEMO: Demo[] = [
  {
    key: 'basics',
    titleKo: '스마트폰 첫걸음',
    titleEn: 'First steps with a smartphone',
    whoKo: '스마트폰을 처음 쓰시는 분을 위한 수업입니다.',
    whoEn: 'For people using a smartphone for the first time.',
    level: 'basic',
    format: 'class',
    topics: ['전화·문자', '글자 크게'],
    goals: ['smartphone_basics'],
    durationMinutes: 90,
    accessibility: ['wheelchair', 'large_print', 'hearing_loop'],
    languages: ['ko'],
    completionPercent: 75,
  },
  {
    key: 'video',
    titleKo: '손주와 영상통화',
    titleEn: 'Video calls with family',
    whoKo: '멀리 사는 가족과 얼굴 보며 통화하고 싶은 분을 위한 수업입니다.',
    whoEn: 'For people who want to see family on a video call.',
    level: 'everyday',
    format: 'class',
    topics: ['카카오톡 영상통화'],
    goals: ['video_call', 'photos'],
    durationMinutes: 90,
    accessibility: ['large_print'],
    languages: ['ko'],
    completionPercent: 80,
    after: ['basics'],
  },
  {
    key: 'kiosk',
    titleKo: '키오스크로 주문하기 (현장 체험)',
    titleEn: 'Ordering at a kiosk (outing)',
    whoKo: '식당이나 카페의 무인 주문기가 어려운 분을 위한 체험 수업입니다.',
    whoEn: 'For people who find self-order kiosks hard.',
    level: 'everyday',
    format: 'outing',
    topics: ['패스트푸드', '카페'],
    goals: ['kiosk'],
    durationMinutes: 120,
    accessibility: ['wheelchair'],
    languages: ['ko'],
    completionPercent: 100,
    after: ['basics'],
  },
  {
    key: 'bank',
    titleKo: '모바일 뱅킹과 사기 예방',
    titleEn: 'Mobile banking and avoiding scams',
    whoKo: '휴대전화로 은행 일을 안전하게 보고 싶은 분을 위한 수업입니다.',
    whoEn: 'For people who want to bank safely on their phone.',
    level: 'advanced',
    format: 'class',
    topics: ['송금', '보이스피싱'],
    goals: ['banking', 'scams'],
    durationMinutes: 90,
    accessibility: ['large_print'],
    languages: ['ko', 'en'],
    completionPercent: 80,
    after: ['video'],
  },
  {
    key: 'bus',
    titleKo: '찾아가는 디지털 배움버스',
    titleEn: 'EduBus: the mobile classroom',
    whoKo: '집 가까운 곳에서 기차표 예매와 민원 서류 발급을 배우고 싶은 분을 위한 수업입니다.',
    whoEn: 'For people who want to learn train tickets and civil documents near home.',
    level: 'special',
    format: 'bus_stop',
    topics: ['기차표', '정부24'],
    goals: ['transport', 'public_services'],
    durationMinutes: 60,
    accessibility: ['wheelchair', 'large_print'],
    languages: ['ko'],
    completionPercent: 100,
  },
  {
    key: 'lecture',
    titleKo: '사기 문자 구별하기 (온라인 강의)',
    titleEn: 'Spotting scam texts (online lecture)',
    whoKo: '집에서 천천히 보고 싶은 분을 위한 자막 있는 강의입니다.',
    whoEn: 'A captioned lecture for people who want to learn at home, at their own pace.',
    level: 'basic',
    format: 'online_lecture',
    topics: ['사기 문자', '링크 누르지 않기'],
    goals: ['scams'],
    durationMinutes: 30,
    accessibility: ['captions'],
    languages: ['ko'],
    completionPercent: 100,
  },
  {
    key: 'live',
    titleKo: '실시간 화상 수업: 사진 보내기',
    titleEn: 'Live video class: sending photos',
    whoKo: '집에서 화상으로 강사와 함께 배우고 싶은 분을 위한 수업입니다.',
    whoEn: 'For people who want to learn with a tutor on a live video call from home.',
    level: 'everyday',
    format: 'live_video',
    topics: ['사진 찍기', '사진 보내기'],
    goals: ['photos'],
    durationMinutes: 60,
    accessibility: ['captions'],
    languages: ['ko'],
    completionPercent: 80,
    after: ['basics'],
  },
]

const DEMO_VTT = `WEBVTT

00:00.000 --> 00:05.000
안녕하세요. 오늘은 사기 문자를 구별하는 방법을 배웁니다.

00:05.000 --> 00:11.000
모르는 번호에서 온 링크는 누르지 마세요.
`
const DEMO_TRANSCRIPT_KO =
  '안녕하세요. 오늘은 사기 문자를 구별하는 방법을 배웁니다.\n\n모르는 번호에서 온 링크는 누르지 마세요. 궁금하면 가족이나 120에 먼저 물어보세요.'
const DEMO_TRANSCRIPT_EN =
  'Hello. Today we learn how to spot a scam text.\n\nDo not open links from numbers you do not know. When in doubt, ask family or call 120 first.'

/** Demo catalogue and sessions at real venues from the reference data, taught by the demo tutor. */
export async function seedEducationDemo(ctx: SeedContext): Promise<string[] | undefined> {
  const db = ctx.db
  const [have] = await db.select({ n: sql<number>`count(*)::int` }).from(courses)
  if ((have?.n ?? 0) > 0) return undefined
  const venues = await db
    .select()
    .from(places)
    .where(
      sql`${places.kind} in ('digital_learning_center', 'senior_welfare_center', 'community_service_center')`,
    )
    .orderBy(places.kind, places.nameKo)
    .limit(3)
  const [admin] = await db.select().from(staffUsers).where(eq(staffUsers.role, 'admin')).limit(1)
  const [tutor] = await db.select().from(staffUsers).where(eq(staffUsers.role, 'tutor')).limit(1)
  if (!admin || venues.length === 0) return undefined
  const actor = {
    kind: 'staff' as const,
    id: admin.id,
    role: 'admin' as const,
    orgId: null,
    name: admin.displayName,
    via: 'session' as const,
    sessionId: null,
  }
  const now = new Date()
  const ids = new Map<string, string>()
  for (const d of DEMO) {
    const { key, after, ...rest } = d
    const c = await repo.insertCourse(db, {
      ...rest,
      prerequisites: (after ?? []).map((k) => ids.get(k)!),
      createdAt: now,
    })
    ids.set(key, c.id)
  }
  const day = (offset: number) => kstDay(new Date(now.getTime() + offset * 86_400_000))
  const plan: [string, number, string, number, boolean, number][] = [
    ['basics', 3, '10:00', 0, true, 4],
    ['basics', 10, '14:00', 1, true, 4],
    ['video', 5, '10:00', 0, true, 3],
    ['kiosk', 8, '11:00', 2, false, 1],
    ['bank', 12, '14:00', 1, true, 3],
  ]
  let i = 0
  for (const [key, offset, time, v, weekly, n] of plan) {
    const venue = venues[v % venues.length]!
    await createSession(
      db,
      actor,
      ids.get(key)!,
      {
        placeId: venue.id,
        firstDay: day(offset),
        time,
        weekly,
        meetings: n,
        capacity: key === 'kiosk' ? 8 : 15,
        tutorIds: tutor && i++ % 2 === 0 ? [tutor.id] : [],
        opensAt: now.toISOString(),
      },
      now,
    )
  }
  await createSession(
    db,
    actor,
    ids.get('bus')!,
    {
      busStop: '종로구청 앞 배움버스 정류장',
      districtCode: '11110',
      firstDay: day(6),
      time: '13:00',
      weekly: false,
      meetings: 1,
      capacity: 12,
      tutorIds: [],
      opensAt: now.toISOString(),
    },
    now,
  )
  await mrepo.updateCourse(db, ids.get('lecture')!, {
    videoUrl: 'https://example.org/gachi/scam-texts.mp4',
    captionsVtt: DEMO_VTT,
    transcriptKo: DEMO_TRANSCRIPT_KO,
    transcriptEn: DEMO_TRANSCRIPT_EN,
  })
  const live = await createSession(
    db,
    actor,
    ids.get('live')!,
    {
      placeId: venues[0]!.id,
      firstDay: day(9),
      time: '15:00',
      weekly: false,
      meetings: 1,
      capacity: 20,
      tutorIds: [],
      opensAt: now.toISOString(),
    },
    now,
  )
  await mrepo.updateSessionSettings(db, live.session.id, { liveUrl: 'https://meet.example.org/gachi-photos' })
  if (tutor)
    await mrepo.saveTutorProfile(db, {
      staffId: tutor.id,
      skills: ['smartphone_basics', 'video_call', 'kiosk', 'photos'],
      languages: ['ko', 'en'],
      districts: venues.flatMap((v) => (v.districtCode ? [v.districtCode] : [])),
      availability: [1, 2, 3, 4, 5].map((d) => ({ day: d, from: '09:00', to: '18:00' })),
      peerVolunteer: true,
      updatedAt: now,
    })
  ctx.progress(`education: ${DEMO.length} courses, ${plan.length + 2} sessions`)
  return undefined
}
