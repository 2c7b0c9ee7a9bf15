import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database } from '../../platform/db/client.ts'
import { makeStaff } from '../people/test-helpers.ts'
import { requestSurvey } from '../voice/service.ts'
import * as repo from './repo.ts'
import { collectAndRefresh, dashboard, publicCell, publicStats, recordStatEvent } from './service.ts'
import { recoverable } from './suppress.ts'
import { STAT_KINDS } from './tables.ts'

let database: Database
beforeAll(async () => {
  database = await freshDb({ reference: true })
  testApp(database)
})
afterAll(() => database.close())

const YEAR = 2025
const sorted = <T extends { kind: string }>(r: T[]) => [...r].sort((a, b) => a.kind.localeCompare(b.kind))

/** A deterministic pseudo-random sequence (the same events every run). */
function rng(seed: number) {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    return s / 2 ** 31
  }
}

describe('rollup', () => {
  it('equals the raw events, after a full and after an incremental refresh', async () => {
    const db = database.db
    const r = rng(7)
    const districts = ['11110', '11140', '11170', '']
    const add = async (n: number) => {
      const rows = Array.from({ length: n }, () => ({
        kind: STAT_KINDS[Math.floor(r() * STAT_KINDS.length)] ?? 'assist',
        // spread over the year in Korea time, including the hours around midnight at month ends
        at: new Date(Date.UTC(YEAR, 0, 1) - 9 * 3_600_000 + Math.floor(r() * 365 * 86_400_000)),
        districtCode: districts[Math.floor(r() * districts.length)] ?? '',
        grp: (['senior', 'adult', 'unknown'] as const)[Math.floor(r() * 3)] ?? 'unknown',
        disability: r() < 0.3,
        lowIncome: r() < 0.4,
        value: 1 + Math.floor(r() * 3),
        sourceKey: null,
      }))
      await db.transaction((tx) => repo.insertEvents(tx, rows))
    }
    const f = { from: `${YEAR}-01-01`, to: `${YEAR + 1}-01-01` }
    const compare = async () => {
      expect(sorted(await repo.totals(db, f))).toEqual(sorted(await repo.rawTotals(db, f)))
      const key = (x: repo.Cut) => `${x.key}|${x.kind}`
      const byKey = (rows: repo.Cut[]) => Object.fromEntries(rows.map((x) => [key(x), x.n]))
      expect(byKey(await repo.cut(db, f, 'month'))).toEqual(byKey(await repo.rawCut(db, f, 'month')))
      expect(byKey(await repo.cut(db, f, 'district'))).toEqual(byKey(await repo.rawCut(db, f, 'district')))
      const g = { ...f, district: '11140', grp: 'senior' }
      expect(sorted(await repo.totals(db, g))).toEqual(sorted(await repo.rawTotals(db, g)))
      // the one-statement cuts of a page equal the separate cuts, with and without filters
      // combined filters: a need with an age group, a district and one month
      const march = { from: `${YEAR}-03-01`, to: `${YEAR}-04-01` }
      const combined: repo.Filter[] = [
        { ...f, age: 'senior', need: 'disability' },
        { ...f, district: '11140', age: 'adult', need: 'low_income' },
        { ...march, age: 'unknown', need: 'disability' },
        { ...march, district: '11110', age: 'senior', need: 'low_income' },
        { ...march, district: '11170', age: 'senior' },
      ]
      for (const x of combined)
        expect(sorted(await repo.totals(db, x))).toEqual(sorted(await repo.rawTotals(db, x)))
      const filters: repo.Filter[] = [
        f,
        g,
        { ...f, grp: 'disability' },
        { ...f, district: '11110' },
        ...combined,
      ]
      for (const x of filters) {
        const all = await repo.cuts(db, x)
        for (const by of ['month', 'district', 'group'] as const)
          expect(
            sorted(all[by])
              .map((c) => `${c.key}|${c.kind}|${c.n}`)
              .sort(),
          ).toEqual((await repo.cut(db, x, by)).map((c) => `${c.key}|${c.kind}|${c.n}`).sort())
        if (!repo.partsOf(x).age)
          expect(all.seniorDistrict).toEqual(await repo.cut(db, { ...x, age: 'senior' }, 'district'))
      }
      // the group cut within a filter: each age group and each need, as counted from the raw events
      // (without an age filter the needs come from their own small totals, kept by the same refresh)
      const withins: repo.Filter[] = [{ ...march, district: '11140' }, f, { ...f, age: 'adult' }]
      for (const within of withins) {
        const groups = (await repo.cuts(db, within)).group
        for (const grp of ['senior', 'adult', 'unknown', 'disability', 'low_income']) {
          if (within.age && ['senior', 'unknown'].includes(grp)) continue
          const raw = Object.fromEntries(
            (
              await repo.rawTotals(db, {
                ...within,
                grp: within.age ? undefined : grp,
                need: within.age && grp !== within.age ? grp : undefined,
              })
            ).map((x) => [x.kind, x.n]),
          )
          const cut = Object.fromEntries(groups.filter((x) => x.key === grp).map((x) => [x.kind, x.n]))
          expect(cut).toEqual(raw)
        }
      }
    }
    await add(3000)
    const first = await db.transaction((tx) => repo.refreshRollup(tx, new Date()))
    expect(first.added).toBe(3000)
    await compare()
    await add(500)
    const second = await db.transaction((tx) => repo.refreshRollup(tx, new Date()))
    expect(second.added).toBe(500) // only the new ones
    await compare()
    expect((await db.transaction((tx) => repo.refreshRollup(tx, new Date()))).added).toBe(0)
  })

  it('collects from the other domains once (idempotent by source key)', async () => {
    const db = database.db
    const r = await db.transaction((tx) =>
      requestSurvey(tx, { service: 'class', reference: 'EDU-STAT-0001' }),
    )
    const { app } = testApp(database)
    await new Browser(app).post(r!.path, { score: '3' })
    const first = await collectAndRefresh(db, new Date())
    expect(first.collected).toBeGreaterThanOrEqual(2) // survey_answer + survey_happy
    const again = await collectAndRefresh(db, new Date())
    expect(again.collected).toBe(0)
    const year = new Date(Date.now() + 9 * 3_600_000).getUTCFullYear()
    const t = await repo.totals(db, { from: `${year}-01-01`, to: `${year + 1}-01-01` })
    expect(t.find((x) => x.kind === 'survey_happy')?.n).toBe(1)
  })
})

describe('combined filters (group × district × month × age)', () => {
  const Y = 2021
  beforeAll(async () => {
    const db = database.db
    const march = new Date(Date.UTC(Y, 2, 10))
    const april = new Date(Date.UTC(Y, 3, 10))
    const add = async (n: number, e: Parameters<typeof recordStatEvent>[1]) => {
      for (let i = 0; i < n; i++) await recordStatEvent(db, e)
    }
    // Jongno, March: 3 seniors with a disability trained (a small combined cell), 4 other seniors
    await add(3, {
      kind: 'person_trained',
      at: march,
      districtCode: '11110',
      grp: 'senior',
      disability: true,
    })
    await add(4, { kind: 'person_trained', at: march, districtCode: '11110', grp: 'senior' })
    // Jung-gu, March: 6 seniors with a disability; April: 2 more, and 5 adults with a low income
    await add(6, {
      kind: 'person_trained',
      at: march,
      districtCode: '11140',
      grp: 'senior',
      disability: true,
    })
    await add(2, {
      kind: 'person_trained',
      at: april,
      districtCode: '11140',
      grp: 'senior',
      disability: true,
    })
    await add(5, { kind: 'person_trained', at: april, districtCode: '11140', grp: 'adult', lowIncome: true })
    await db.transaction((tx) => repo.refreshRollup(tx, new Date()))
  })

  it('withholds a combined public cell under 5 people, judged on the combined cell itself, and a cell that would give one back from a wider cell', async () => {
    const db = database.db
    const trained = async (q: Omit<Parameters<typeof publicCell>[1], 'year'>) =>
      (await publicCell(db, { year: Y, ...q })).figures.find((x) => x.kind === 'person_trained')?.n
    expect(await trained({ district: '11110', age: 'senior', need: 'disability' })).toBeNull() // 3
    expect(await trained({ district: '11110', age: 'senior' })).toBe(7) // the age cell alone is shown
    expect(await trained({ district: '11110', need: 'disability' })).toBeNull()
    expect(await trained({ district: '11140', age: 'senior', need: 'disability', month: 4 })).toBeNull() // 2
    // withheld with a small cell of their line (secondary): the wider cell minus them would give it back
    // 8 in Jung-gu: 11 seniors with a disability in the city − 8 = Jongno's 3
    expect(await trained({ district: '11140', age: 'senior', need: 'disability' })).toBeNull()
    // 6 in March: Jung-gu's 8 in the year − 6 = April's 2
    expect(await trained({ district: '11140', age: 'senior', need: 'disability', month: 3 })).toBeNull()
    // 9 in March: 11 in the year − 9 = April's 2
    expect(await trained({ age: 'senior', need: 'disability', month: 3 })).toBeNull()
    expect(await trained({ age: 'senior', need: 'disability' })).toBe(11)
    expect(await trained({ district: '11140', age: 'adult', need: 'low_income', month: 4 })).toBe(5)
    expect(await trained({ age: 'adult', need: 'disability' })).toBe(0) // nobody: 0 is not withheld
    // the open-data API says the same
    const { app } = testApp(database)
    const res = await new Browser(app).get(
      `/api/v1/open-data/cell?year=${Y}&month=4&district=11140&age=senior&need=disability`,
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as { month: number; headline: { kind: string; n: number | null }[] }
    expect(body.month).toBe(4)
    expect(body.headline.find((h) => h.kind === 'person_trained')?.n).toBeNull()
    expect((await new Browser(app).get(`/api/v1/open-data/cell?year=${Y}&month=13`)).status).toBe(422)
  })

  it('the staff dashboard combines a month, a district, an age group and a need (exact figures for staff)', async () => {
    const db = database.db
    const analyst = await makeStaff(db, 'analyst', null)
    const d = await dashboard(db, analyst.actor, {
      year: Y,
      district: '11110',
      age: 'senior',
      need: 'disability',
    })
    expect(d.kpis.find((k) => k.kind === 'person_trained')?.n).toBe(3)
    expect(d.reachPer1000.n).toBeNull() // the residents with a disability are not known
    const m = await dashboard(db, analyst.actor, { year: Y, month: 4, district: '11140', age: 'senior' })
    expect(m.kpis.find((k) => k.kind === 'person_trained')?.n).toBe(2)
    expect(m.byMonth.map((r) => r.key)).toEqual([`${Y}-04`])
    // by group within the filter: the age group and its people with each need
    expect(m.byGroup.filter((r) => r.kind === 'person_trained')).toEqual([
      { key: 'disability', kind: 'person_trained', n: 2 },
      { key: 'senior', kind: 'person_trained', n: 2 },
    ])
    // an older link's single group still works
    const old = await dashboard(db, analyst.actor, { year: Y, grp: 'low_income' })
    expect(old.kpis.find((k) => k.kind === 'person_trained')?.n).toBe(5)
    // the page: the filters are kept in the form; a wrong month is refused
    const { app } = testApp(database)
    const b = new Browser(app)
    b.cookies.set('gachi_sid', analyst.sid)
    const page = await b.get(`/staff/stats?year=${Y}&month=3&district=11110&age=senior&need=disability`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toMatch(/<option value="senior" selected/)
    expect(html).toMatch(/<option value="disability" selected/)
    expect(html).toContain('name="month"')
    expect((await b.get(`/staff/stats?year=${Y}&month=0`)).status).toBe(422)
  })
})

describe('public statistics', () => {
  const Y = 2024
  beforeAll(async () => {
    const db = database.db
    const at = new Date(Date.UTC(Y, 2, 10))
    // trained: Jongno 3 (withheld), Jung-gu 7 (withheld with it: 19 − 9 − 7 would give the 3), Yongsan 9;
    // seniors reached: Jongno 12 (withheld with Jung-gu's 1), Jung-gu 1, Yongsan 20
    for (let i = 0; i < 3; i++)
      await recordStatEvent(db, { kind: 'person_trained', at, districtCode: '11110' })
    for (let i = 0; i < 7; i++)
      await recordStatEvent(db, { kind: 'person_trained', at, districtCode: '11140' })
    for (let i = 0; i < 9; i++)
      await recordStatEvent(db, { kind: 'person_trained', at, districtCode: '11170' })
    for (let i = 0; i < 12; i++)
      await recordStatEvent(db, { kind: 'person_reached', at, districtCode: '11110', grp: 'senior' })
    await recordStatEvent(db, { kind: 'person_reached', at, districtCode: '11140', grp: 'senior' })
    for (let i = 0; i < 20; i++)
      await recordStatEvent(db, { kind: 'person_reached', at, districtCode: '11170', grp: 'senior' })
    await recordStatEvent(db, { kind: 'device_delivered', at, districtCode: '11140', value: 20 })
    await db.transaction((tx) => repo.refreshRollup(tx, new Date()))
  })

  it('withholds cells under 5 people and computes reach per 1,000 seniors', async () => {
    const s = await publicStats(database.db, Y)
    const jongno = s.districts.find((d) => d.code === '11110')!
    const jung = s.districts.find((d) => d.code === '11140')!
    const yongsan = s.districts.find((d) => d.code === '11170')!
    expect(jongno.person_trained).toBeNull()
    expect(yongsan.person_trained).toBe(9)
    expect(yongsan.reached).toBe(20)
    expect(yongsan.perThousand).toBeCloseTo((20 / yongsan.population65!) * 1000, 1)
    expect(jung.reached).toBeNull() // 1 senior
    expect(jung.perThousand).toBeNull()
    expect(s.headline.find((h) => h.kind === 'person_trained')?.n).toBe(19)
    expect(s.monthly.find((m) => m.month === `${Y}-03`)?.person_trained).toBe(19)
  })

  it('withholds one more cell where a withheld one could be worked out from a total (secondary suppression)', async () => {
    const s = await publicStats(database.db, Y)
    const jongno = s.districts.find((d) => d.code === '11110')!
    const jung = s.districts.find((d) => d.code === '11140')!
    // without it, 19 (the year's figure) − 9 − 7 would give Jongno's 3, and 33 (seniors reached, the group
    // table) − 20 − 12 Jung-gu's 1
    expect(jung.person_trained).toBeNull()
    expect(jongno.reached).toBeNull()
    expect(jongno.perThousand).toBeNull()
    const senior = s.groups.find((g) => g.group === 'senior')!
    expect(senior.person_reached).toBe(33)
    // what a reader can work out from every published table: no withheld count comes back
    const published = (xs: (number | null | undefined)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0)
    for (const k of ['person_trained', 'person_reached'] as const) {
      const total = s.headline.find((h) => h.kind === k)!.n!
      const shownInDistricts = published(s.districts.map((d) => d[k]))
      const withheld = s.districts.filter((d) => d[k] === null).length
      expect(withheld === 0 || withheld >= 2).toBe(true)
      if (withheld === 0) expect(shownInDistricts).toBeLessThanOrEqual(total)
    }
    const reachedWithheld = s.districts.filter((d) => d.reached === null)
    expect(reachedWithheld.map((d) => d.code).sort()).toEqual(['11110', '11140'])
    // and as a whole: every line that adds up to a published total is tried, repeatedly
    const { counts, lines, withheld } = s.suppression
    expect(withheld.size).toBeGreaterThan(0)
    expect(recoverable(counts, withheld, lines).size).toBe(0)
    // the primary rule alone would have given them away
    const primary = new Set([...counts].filter(([, n]) => n > 0 && n < 5).map(([id]) => id))
    expect(recoverable(counts, primary, lines).size).toBeGreaterThan(0)
    // the open data: the districts API and the district cell say the same
    const { app } = testApp(database)
    const api = (await (await app.request(`/api/v1/open-data/districts?year=${Y}`)).json()) as {
      items: { code: string; person_trained: number | null; reached: number | null }[]
    }
    expect(api.items.find((d) => d.code === '11140')?.person_trained).toBeNull()
    expect(api.items.find((d) => d.code === '11110')?.reached).toBeNull()
    const cell = await publicCell(database.db, { year: Y, district: '11140' })
    expect(cell.figures.find((f) => f.kind === 'person_trained')?.n).toBeNull()
    expect(
      (await publicCell(database.db, { year: Y, district: '11170' })).figures.find(
        (f) => f.kind === 'person_trained',
      )?.n,
    ).toBe(9)
  })

  it('the page marks withheld cells ("비공개" / "withheld"), every chart has a table and a summary, in both languages', async () => {
    const { app } = testApp(database)
    for (const [lang, small] of [
      ['ko', '비공개'],
      ['en', 'withheld'],
    ] as const) {
      const res = await new Browser(app, { 'accept-language': lang }).get(`/stats?year=${Y}`)
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain(small)
      const figures = html.split('<figure class="stat-chart"').slice(1)
      expect(figures.length).toBeGreaterThanOrEqual(3)
      for (const f of figures) {
        const body = f.slice(0, f.indexOf('</figure>'))
        expect(body).toContain('<svg')
        expect(body).toContain('<table')
        expect(body).toMatch(/<p id="[^"]+-summary">[^<]{10,}<\/p>/)
      }
    }
    expect((await new Browser(app).get('/stats?year=abc')).status).toBe(422)
  })

  it('downloads CSV, JSON and XLSX with a data dictionary; withheld cells are empty', async () => {
    const { app } = testApp(database)
    const b = new Browser(app)
    const csv = await (await b.get(`/api/v1/open-data/files/districts.csv?year=${Y}`)).text()
    const [head = '', ...lines] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    const cols = head.split(',')
    const jongno = lines.find((l) => l.startsWith(`${Y},11110,`))!.split(',')
    expect(jongno[cols.indexOf('person_trained')]).toBe('')
    expect(jongno[cols.indexOf('seniors_reached')]).toBe('') // withheld with Jung-gu's 1
    const yongsan = lines.find((l) => l.startsWith(`${Y},11170,`))!.split(',')
    expect(yongsan[cols.indexOf('seniors_reached')]).toBe('20')
    expect(lines.find((l) => l.startsWith(`${Y},11140,`))!.split(',')[cols.indexOf('person_trained')]).toBe(
      '',
    )
    const json = (await (await b.get(`/api/v1/open-data/files/monthly.json?year=${Y}`)).json()) as {
      items: { month: string; person_trained: number | null }[]
      dictionary: unknown[]
    }
    expect(json.items.find((m) => m.month === `${Y}-03`)?.person_trained).toBe(19)
    expect(json.dictionary.length).toBeGreaterThan(3)
    const xlsx = await b.get(`/api/v1/open-data/files/districts.xlsx?year=${Y}`)
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK')
    const dict = await (await b.get('/api/v1/open-data/files/dictionary.csv')).text()
    expect(dict).toContain('reach_per_1000_seniors')
    expect((await b.get('/api/v1/open-data/files/secret.csv')).status).toBe(404)
    const api = (await (await app.request(`/api/v1/open-data/districts?year=${Y}`)).json()) as {
      items: { code: string; person_trained: number | null }[]
    }
    expect(api.items.find((d) => d.code === '11110')?.person_trained).toBeNull()
    const spec = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> }
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/open-data/summary', '/open-data/districts', '/open-data/dictionary']),
    )
  })

  it('the staff dashboard and targets: analysts read, managers set targets, others are refused', async () => {
    const manager = await makeStaff(database.db, 'programme_manager', null)
    const { app } = testApp(database)
    const b = new Browser(app, { 'accept-language': 'en' })
    b.cookies.set('gachi_sid', manager.sid)
    const set = await b.post('/staff/stats/targets', {
      kind: 'device_delivered',
      year: String(Y),
      target: '15000',
    })
    expect(set.status).toBe(303)
    const bad = await b.post('/staff/stats/targets', {
      kind: 'device_delivered',
      year: String(Y),
      target: '-1',
    })
    expect(bad.status).toBe(422)
    const html = await (await b.get(`/staff/stats?year=${Y}&district=11140`)).text()
    expect(html).toContain('15,000')
    expect(html).toContain('dash-trained-table')
    expect((await b.get(`/staff/stats/equity?year=${Y}`)).status).toBe(200)
    const tutor = await makeStaff(database.db, 'tutor', null)
    const t = new Browser(app)
    t.cookies.set('gachi_sid', tutor.sid)
    expect((await t.get('/staff/stats')).status).toBe(403)
    expect((await new Browser(app).get('/staff/stats')).status).toBe(303)
  })
})
