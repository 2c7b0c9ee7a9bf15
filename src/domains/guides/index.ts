import type { DomainModule } from '../../platform/domain.ts'
import { findStaffByLogin } from '../identity/repo.ts'
import { DEMO_PASSWORD } from '../identity/seed.ts'
import { createStaff } from '../identity/service.ts'
import { featureCollection, pointFeature, registerMapLayer, registerNearbySource } from '../nearby/layers.ts'
import { guidesMessages } from './messages.ts'
import { guidesNav, guidesPages } from './pages.tsx'
import * as repo from './repo.ts'
import { guidesApi } from './routes.ts'
import { checkedInNow, hotspots, positionsToday } from './service.ts'
import { SHIFTS } from './tables.ts'

const CITY = 'seoul'

registerMapLayer({
  id: 'guides-hotspots',
  label: { ko: '디지털 안내 거점 점수', en: 'Digital guide hotspot scores' },
  legend: { ko: '거점 점수', en: 'Hotspot score' },
  kind: 'points',
  group: 'guides',
  load: async (db, f) =>
    featureCollection(
      (await hotspots(db, CITY, f.now))
        .filter((h) => !f.district || h.districtCode === f.district)
        .slice(0, 300)
        .map((h) =>
          pointFeature(h.id, h.lon, h.lat, {
            name: h.labelKo,
            nameEn: h.labelEn,
            district: h.districtCode,
            kind: h.kind,
            value: h.score,
          }),
        ),
    ),
})

registerMapLayer({
  id: 'guides-plan',
  label: { ko: '안내사 배치 계획(최신 판)', en: 'Guide deployment plan (newest version)' },
  legend: { ko: '배치된 반나절 수', en: 'Shifts with a team' },
  kind: 'points',
  group: 'guides',
  load: async (db, f) => {
    const p = await repo.latestPlan(db)
    if (!p) return featureCollection([])
    const bySite = new Map<string, { a: repo.AssignmentRow; n: number }>()
    for (const a of await repo.assignments(db, p.id)) {
      if (f.district && a.districtCode !== f.district) continue
      const e = bySite.get(a.siteId) ?? { a, n: 0 }
      e.n++
      bySite.set(a.siteId, e)
    }
    return featureCollection(
      [...bySite.values()].map(({ a, n }) =>
        pointFeature(a.siteId, a.lon, a.lat, {
          name: a.labelKo,
          nameEn: a.labelEn,
          district: a.districtCode,
          value: n,
        }),
      ),
    )
  },
})

registerMapLayer({
  id: 'guides-assists',
  label: { ko: '안내사 도움 기록(최근 28일)', en: 'Guide assists (last 28 days)' },
  legend: { ko: '도움 건수', en: 'Assists' },
  kind: 'heat',
  group: 'guides',
  load: async (db, f) => {
    const rows = await repo.assistsBetween(
      db,
      new Date(f.now.getTime() - (f.days ?? 28) * 86_400_000),
      new Date(f.now.getTime() + 60_000),
      f.district,
    )
    const bySite = new Map<string, { r: repo.AssistRow; n: number }>()
    for (const r of rows) {
      if (r.lat === null || r.lon === null) continue
      const e = bySite.get(r.siteId) ?? { r, n: 0 }
      e.n++
      bySite.set(r.siteId, e)
    }
    return featureCollection(
      [...bySite.values()].map(({ r, n }) =>
        pointFeature(r.siteId, r.lon!, r.lat!, {
          name: r.labelKo,
          nameEn: r.labelEn,
          district: r.districtCode,
          value: n,
          weight: n,
        }),
      ),
    )
  },
})

registerMapLayer({
  id: 'guides-today',
  label: { ko: '오늘의 디지털 안내사', en: "Today's digital guides" },
  kind: 'points',
  group: 'guides',
  public: true,
  load: async (db, f) =>
    featureCollection(
      (await positionsToday(db, f.now))
        .filter((a) => !f.district || a.districtCode === f.district)
        .map((a) =>
          pointFeature(a.siteId, a.lon, a.lat, {
            name: a.labelKo,
            nameEn: a.labelEn,
            district: a.districtCode,
          }),
        ),
    ),
})

registerMapLayer({
  id: 'guides-checkins',
  label: { ko: '지금 현장에 있는 안내사', en: 'Guides checked in now' },
  legend: { ko: '체크인한 안내사 수', en: 'Guides checked in' },
  kind: 'points',
  group: 'guides',
  // the live board's map: its island re-reads this layer with the board's tables (no names here)
  load: async (db, f) => {
    // a check-in keeps the site, not its district: the district comes from today's plan when asked
    const districtOf = f.district
      ? new Map((await positionsToday(db, f.now)).map((a) => [a.siteId, a.districtCode]))
      : null
    return featureCollection(
      (await checkedInNow(db, f.now))
        .filter(({ c }) => !districtOf || districtOf.get(c.siteId) === f.district)
        .map(({ c, n }) =>
          pointFeature(`checkin-${c.siteId}`, c.lon!, c.lat!, {
            name: c.labelKo,
            nameEn: c.labelEn,
            district: districtOf?.get(c.siteId) ?? null,
            value: n,
          }),
        ),
    )
  },
})

registerNearbySource({
  id: 'guides',
  label: { ko: '오늘의 디지털 안내사', en: "Today's digital guides" },
  live: true,
  load: async (db, now) =>
    (await positionsToday(db, now)).map((a) => ({
      id: `${a.siteId}-${a.shift}`,
      nameKo: a.labelKo,
      nameEn: a.labelEn,
      lat: a.lat,
      lon: a.lon,
      districtCode: a.districtCode,
      hoursKo: a.shift.endsWith('am') ? '09:30–12:30' : '13:30–16:30',
      hoursEn: a.shift.endsWith('am') ? '09:30–12:30' : '13:30–16:30',
      kind: 'digital_guide',
    })),
})

/** Demo: eleven more guide accounts and six two-person teams (the demo `guide` in 종로구). */
const DEMO_TEAMS = [
  { title: '종로 1조', home: '11110', members: ['guide', 'guide02'] },
  { title: '노원 1조', home: '11350', members: ['guide03', 'guide04'] },
  { title: '강서 1조', home: '11500', members: ['guide05', 'guide06'] },
  { title: '관악 1조', home: '11620', members: ['guide07', 'guide08'] },
  { title: '송파 1조', home: '11710', members: ['guide09', 'guide10'] },
  { title: '은평 1조', home: '11380', members: ['guide11', 'guide12'] },
]

/**
 * Digital guides (issue #6): teams, hotspot scores, the deployment plan (a MILP with HiGHS in a worker,
 * lazy greedy as fallback and comparison), the guides' offline field page, the live board, the heatmap of
 * assists and the weekly report.
 */
export const guidesDomain: DomainModule = {
  name: 'guides',
  routes: [...guidesPages, ...guidesApi],
  messages: guidesMessages,
  staffNav: guidesNav,
  seedDemo: async ({ db }) => {
    if ((await repo.teams(db)).length) return undefined
    const ids = new Map<string, string>()
    for (const t of DEMO_TEAMS)
      for (const u of t.members) {
        const row =
          (await findStaffByLogin(db, u)) ??
          (await createStaff(
            db,
            'system',
            {
              username: u,
              displayName: `안내사 ${u.slice(-2)}`,
              role: 'digital_guide',
              password: DEMO_PASSWORD,
            },
            { isDemo: true },
          ))
        ids.set(u, row.id)
      }
    for (const t of DEMO_TEAMS)
      await repo.insertTeam(
        db,
        { title: t.title, homeDistrict: t.home, shifts: [...SHIFTS], createdAt: new Date() },
        t.members.map((u) => ids.get(u)!),
      )
    return [`  digital guide teams: ${DEMO_TEAMS.length} (guide02–guide12 are extra demo guides)`]
  },
}
