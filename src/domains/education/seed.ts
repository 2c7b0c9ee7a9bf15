import { eq, sql } from 'drizzle-orm'
import type { SeedContext } from '../../platform/domain.ts'
import { staffUsers } from '../identity/tables.ts'
import { places } from '../reference/tables.ts'
import { kstDay } from './calendar.ts'
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
]

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
  ctx.progress(`education: ${DEMO.length} courses, ${plan.length + 1} sessions`)
  return undefined
}
