/**
 * Knowledge-base search over 10,000 articles (issue #7: ≤ 50 ms a query), in the database: full-text,
 * trigram initial consonants (초성) and typo correction. Runs on an in-memory PGlite, and on
 * PostgreSQL too when DATABASE_URL is set (in a new database, dropped afterwards), with 10,000
 * generated articles in Korean and English; times word, initial-consonant, typo and tag queries and
 * prints p50/p95 per query beside the target. Exits non-zero when a 95th percentile is over it.
 *   node --import tsx bench/helpdesk-search.ts
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/helpdesk-search.ts
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { SEED_ARTICLES } from '../src/domains/helpdesk/seed.ts'
import {
  addSearchTerms,
  refreshSearchTerms,
  searchArticles,
  searchKeys,
} from '../src/domains/helpdesk/service.ts'
import { helpArticles, helpArticleVersions } from '../src/domains/helpdesk/tables.ts'
import { type Database, openDatabase } from '../src/platform/db/client.ts'

const TARGET_MS = 50
const N = 10_000
const RUNS = 30

const PLACES = ['은행', '병원', '주민센터', '지하철역', '영화관', '카페', '우체국', '도서관', '시장', '약국']
const APPS = ['카카오톡', '유튜브', '네이버 지도', '모바일 뱅킹', '정부24', '배달 앱', '카메라', '사진첩']
const DEVICES = ['phone', 'tablet', 'computer', 'kiosk', 'tv']

let failed = false

async function bench(database: Database, label: string) {
  await database.migrate()
  const db = database.db

  const t0 = performance.now()
  const now = new Date()
  const [loaded] = await database.query<{ n: number }>('select count(*)::int as n from help_articles')
  for (let start = (loaded?.n ?? 0) >= N ? N : 0; start < N; start += 500) {
    const articles = []
    const versions = []
    for (let i = start; i < Math.min(N, start + 500); i++) {
      const base = SEED_ARTICLES[i % SEED_ARTICLES.length]!
      const place = PLACES[i % PLACES.length]!
      const app = APPS[Math.floor(i / PLACES.length) % APPS.length]!
      const a = {
        ...base,
        slug: `${base.slug}-${i}`,
        titleKo: `${place}에서 ${app} ${base.titleKo}`,
        titleEn: `${base.titleEn} with ${app} at the ${i}`,
        summaryKo: `${base.summaryKo} ${place} ${app} 안내 ${i}번`,
        devices: [...new Set([...base.devices, DEVICES[i % DEVICES.length]!])],
        tasks: [...base.tasks, `task-${i % 40}`],
      }
      const id = crypto.randomUUID()
      articles.push({
        id,
        slug: a.slug,
        currentVersion: 1,
        devices: a.devices,
        tasks: a.tasks,
        ...searchKeys(a),
        updatedAt: now,
      })
      versions.push({
        articleId: id,
        version: 1,
        titleKo: a.titleKo,
        titleEn: a.titleEn,
        summaryKo: a.summaryKo,
        summaryEn: a.summaryEn,
        steps: a.steps,
        at: now,
      })
    }
    await db.insert(helpArticles).values(articles)
    await db.insert(helpArticleVersions).values(versions)
    await addSearchTerms(db, articles.map((a) => a.searchText).join(' '))
  }
  await refreshSearchTerms(db) // the daily vocabulary rebuild, which also gathers planner statistics
  console.log(`\n${label}: ${N} articles loaded in ${Math.round(performance.now() - t0)} ms`)

  const QUERIES: [string, { q?: string; device?: string; task?: string }][] = [
    ['words (ko)', { q: '글자 크기' }],
    ['rare word', { q: '우체국 정부24' }],
    ['initial consonants ㄱㅈ', { q: 'ㄱㅈ' }],
    ['initial consonants ㅋㅇㅅㅋ', { q: 'ㅋㅇㅅㅋ' }],
    ['typo 글짜', { q: '글짜' }],
    ['words (en)', { q: 'scam text' }],
    ['tag + words', { q: '영상통화', device: 'phone' }],
    ['no match', { q: '화성탐사선' }],
  ]

  for (const [, q] of QUERIES) await searchArticles(db, q, 'ko') // warm-up
  for (const [name, q] of QUERIES) {
    const times: number[] = []
    let hits = 0
    for (let r = 0; r < RUNS; r++) {
      const s = performance.now()
      hits = (await searchArticles(db, q, 'ko')).length
      times.push(performance.now() - s)
    }
    times.sort((a, b) => a - b)
    const p50 = times[Math.floor(RUNS * 0.5)]!
    const p95 = times[Math.floor(RUNS * 0.95)]!
    const ok = p95 <= TARGET_MS
    if (!ok) failed = true
    console.log(
      `${name.padEnd(28)} p50 ${p50.toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms  hits ${String(hits).padStart(2)}  ${ok ? 'OK' : `OVER ${TARGET_MS} ms`}`,
    )
  }
}

if (process.env.BENCH_SKIP_PGLITE !== '1') {
  // BENCH_PGLITE_DIR keeps the loaded database in a folder between runs (loaded once)
  const dir = process.env.BENCH_PGLITE_DIR
  const memory = await openDatabase(dir ? { kind: 'pglite', dataDir: dir } : { kind: 'pglite' })
  try {
    await bench(memory, dir ? `PGlite (${dir})` : 'PGlite (in memory)')
  } finally {
    await memory.close()
  }
}
const url = process.env.DATABASE_URL
if (url) {
  const name = `gachi_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const u = new URL(url)
  u.pathname = `/${name}`
  const server = await openDatabase({ kind: 'postgres', url: u.toString() })
  try {
    await bench(server, 'PostgreSQL')
  } finally {
    await server.close()
    if (process.env.BENCH_KEEP_DB === '1') console.log(`kept database ${name}`)
    else await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
} else console.log('\n(PostgreSQL: set DATABASE_URL to run the same queries on a server)')
if (failed) process.exitCode = 1
