import type { Db } from '../../platform/db/client.ts'
import * as repo from './repo.ts'
import type { LocalProgrammeSpec } from './rules/types.ts'

/** The id of a local programme for page samples (adds one the first time). */
export async function sampleLocalProgrammeId(db: Db): Promise<string> {
  const [first] = await repo.allLocal(db)
  if (first) return first.id
  const now = new Date()
  const spec: LocalProgrammeSpec = {
    title: { ko: '예시 지역 제도', en: 'Sample local programme' },
    summary: { ko: '예시입니다.', en: 'A sample.' },
    benefit: { ko: '예시 혜택', en: 'Sample benefit' },
    bring: [{ ko: '신분증', en: 'An identity card' }],
    how: { text: { ko: '주민센터 방문', en: 'Visit the centre' }, channels: ['centre'] },
    events: ['livingAlone'],
    criteria: [
      { when: { q: 'livesAlone', in: ['yes'] }, text: { ko: '혼자 사는지: 네', en: 'Living alone: Yes' } },
    ],
    source: { title: 'Sample', url: 'https://example.org' },
  }
  const row = await repo.insertLocal(db, {
    slug: 'sample00',
    spec,
    validFrom: '2026-01-01',
    createdAt: now,
    updatedAt: now,
  })
  return row.id
}

/** The id of a saved navigator case for page samples (adds one the first time). */
export async function sampleSavedCaseId(db: Db): Promise<string> {
  const [first] = await repo.liveCases(db, new Date())
  if (first) return first.id
  const { saveCase } = await import('./service.ts')
  const { SaveInput } = await import('./schema.ts')
  const r = await saveCase(
    db,
    { kind: 'anonymous' },
    { age: '75_plus', livesAlone: 'yes' },
    null,
    SaveInput.parse({}),
    new Date(),
    'ko',
  )
  return r.id
}
