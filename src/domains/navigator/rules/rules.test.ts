import { describe, expect, it } from 'vitest'
import { assess, assessAll, cleanAnswers, evaluate, versionOn } from './engine.ts'
import { PROGRAMME_BY_KEY, PROGRAMMES } from './programmes.ts'
import type { Answers } from './types.ts'

const DAY = '2026-12-02'
type Case = { a: Answers; v: 'likely' | 'maybe' | 'not'; day?: string; why?: string }

/** Every programme's rule, case by case: likely / maybe (skipped answer) / not. */
const CASES: Record<string, Case[]> = {
  'gachi.devices': [
    { a: { device: 'none', income: 'livelihood' }, v: 'likely' },
    { a: { device: 'phone_only', age: '75_plus', livesAlone: 'yes' }, v: 'likely', why: 'senior alone' },
    { a: { device: 'none', schoolChild: 'yes' }, v: 'likely' },
    { a: { device: 'none', disability: 'mild' }, v: 'likely' },
    { a: { device: 'computer', income: 'livelihood' }, v: 'not', why: 'already has a computer' },
    {
      a: {
        device: 'none',
        income: 'neither',
        disability: 'none',
        age: '50_64',
        livesAlone: 'no',
        schoolChild: 'no',
      },
      v: 'not',
    },
    {
      a: {
        device: 'none',
        age: '65_74',
        livesAlone: 'no',
        income: 'neither',
        disability: 'none',
        schoolChild: 'no',
      },
      v: 'not',
      why: 'senior not alone',
    },
    { a: { income: 'livelihood' }, v: 'maybe', why: 'device skipped' },
    { a: { device: 'none' }, v: 'maybe', why: 'priority group unknown' },
  ],
  'gachi.internet': [
    { a: { income: 'near_poverty' }, v: 'likely' },
    { a: { disability: 'severe' }, v: 'likely' },
    { a: { age: '65_74', livesAlone: 'yes' }, v: 'likely' },
    { a: { income: 'neither', disability: 'none', age: '65_74', livesAlone: 'no' }, v: 'not' },
    { a: { income: 'neither', disability: 'none' }, v: 'maybe', why: 'age/living alone skipped' },
  ],
  'gachi.classes': [
    { a: {}, v: 'likely', why: 'everyone' },
    { a: { age: 'under_50', residence: 'elsewhere' }, v: 'likely' },
  ],
  'gachi.volunteer50': [
    { a: { age: '50_64' }, v: 'likely' },
    { a: { age: '75_plus' }, v: 'likely' },
    { a: { age: 'under_50' }, v: 'not' },
    { a: {}, v: 'maybe' },
  ],
  'national.ictAssistive': [
    { a: { disability: 'severe' }, v: 'likely' },
    { a: { disability: 'none', veteran: 'yes' }, v: 'likely' },
    { a: { disability: 'none', veteran: 'no' }, v: 'not' },
    { a: { disability: 'none' }, v: 'maybe', why: 'veteran skipped' },
  ],
  'national.telecomLivelihood': [
    { a: { income: 'livelihood' }, v: 'likely' },
    { a: { income: 'near_poverty' }, v: 'not' },
    { a: {}, v: 'maybe' },
  ],
  'national.telecomNearPoverty': [
    { a: { income: 'near_poverty' }, v: 'likely' },
    { a: { income: 'livelihood' }, v: 'not' },
    { a: {}, v: 'maybe' },
  ],
  'national.telecomDisability': [
    { a: { disability: 'mild' }, v: 'likely' },
    { a: { disability: 'none' }, v: 'not' },
    { a: {}, v: 'maybe' },
  ],
  'national.telecomBasicPension': [
    { a: { basicPension: 'yes' }, v: 'likely' },
    { a: { basicPension: 'no' }, v: 'not' },
    { a: {}, v: 'maybe' },
  ],
  'national.basicPension': [
    { a: { age: '65_74', basicPension: 'no' }, v: 'maybe', why: 'income checked on application' },
    { a: { age: '65_74', basicPension: 'yes' }, v: 'not', why: 'already receives it' },
    { a: { age: '50_64', basicPension: 'no' }, v: 'not' },
  ],
  'national.digitalLearning': [{ a: {}, v: 'likely' }],
  'city.fiftyPlus': [
    { a: { age: '50_64', residence: 'city' }, v: 'likely' },
    { a: { age: '50_64', residence: 'elsewhere' }, v: 'not' },
    { a: { age: 'under_50', residence: 'city' }, v: 'not' },
    { a: { age: '65_74' }, v: 'maybe' },
  ],
}

describe('every programme rule', () => {
  it('has test cases for every programme (and no cases for unknown ones)', () => {
    expect(Object.keys(CASES).sort()).toEqual(PROGRAMMES.map((p) => p.key).sort())
  })

  for (const [key, cases] of Object.entries(CASES))
    describe(key, () => {
      for (const c of cases)
        it(`${JSON.stringify(c.a)} → ${c.v}${c.why ? ` (${c.why})` : ''}`, () => {
          const p = PROGRAMME_BY_KEY.get(key)!
          const v = versionOn(p, c.day ?? DAY)!
          expect(v).toBeDefined()
          const r = assess(p, v, c.a)
          expect(r.verdict).toBe(c.v)
          // every verdict is explained: "not" names an unmet requirement, "maybe" an unknown one
          if (c.v === 'not') expect(r.criteria.some((x) => x.met === false)).toBe(true)
          if (c.v === 'maybe') expect(r.criteria.some((x) => x.met === null)).toBe(true)
          for (const x of r.criteria) expect(x.text.ko && x.text.en).toBeTruthy()
        })
    })

  it('every programme has texts in both languages, a source for every version, and a way to apply', () => {
    for (const p of PROGRAMMES) {
      for (const tx of [p.title, p.summary, p.how.text, ...p.bring])
        expect(tx.ko && tx.en, p.key).toBeTruthy()
      expect(p.how.channels.length, p.key).toBeGreaterThan(0)
      if (p.owner === 'gachi') expect(p.apply, p.key).toMatch(/^\//)
      for (const v of p.versions) {
        expect(v.source.title.length, p.key).toBeGreaterThan(5)
        expect(v.source.url, p.key).toMatch(/^(https?:\/\/|\/)/)
        expect(v.from).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      }
    }
  })
})

describe('versions and validity periods', () => {
  it('picks the version in force on the day; before the first version the programme is not offered', () => {
    const tel = PROGRAMME_BY_KEY.get('national.telecomLivelihood')!
    expect(versionOn(tel, '2017-12-21')!.benefit.en).toContain('22,500')
    expect(versionOn(tel, '2017-12-22')!.benefit.en).toContain('33,500')
    const pension = PROGRAMME_BY_KEY.get('national.telecomBasicPension')!
    expect(versionOn(pension, '2018-07-12')).toBeUndefined()
    expect(versionOn(pension, '2018-07-13')).toBeDefined()
    const before = assessAll(PROGRAMMES, { basicPension: 'yes' }, '2018-07-12').map((r) => r.programme.key)
    expect(before).not.toContain('national.telecomBasicPension')
    expect(before).not.toContain('gachi.devices')
  })
})

describe('engine', () => {
  it('three-valued logic: unknown stays unknown unless decided', () => {
    expect(
      evaluate(
        {
          any: [
            { q: 'income', in: ['livelihood'] },
            { q: 'disability', in: ['severe'] },
          ],
        },
        { disability: 'severe' },
      ),
    ).toBe(true)
    expect(
      evaluate(
        {
          all: [
            { q: 'income', in: ['livelihood'] },
            { q: 'disability', in: ['severe'] },
          ],
        },
        { disability: 'none' },
      ),
    ).toBe(false)
    expect(evaluate({ all: [{ q: 'income', in: ['livelihood'] }] }, {})).toBeNull()
    expect(evaluate({ not: { q: 'income', in: ['livelihood'] } }, { income: 'neither' })).toBe(true)
    expect(evaluate({ verify: 'x' }, { income: 'neither' })).toBeNull()
  })

  it('sorts likely → maybe → not, the life event first within a group', () => {
    const r = assessAll(
      PROGRAMMES,
      { age: '75_plus', livesAlone: 'yes', device: 'none', basicPension: 'no' },
      DAY,
      'internetCost',
    )
    const order = r.map((x) => x.verdict)
    expect(order).toEqual(
      [...order].sort(
        (a, b) => ['likely', 'maybe', 'not'].indexOf(a) - ['likely', 'maybe', 'not'].indexOf(b),
      ),
    )
    expect(r[0]!.programme.events).toContain('internetCost')
  })

  it('cleanAnswers drops unknown questions and answers', () => {
    expect(cleanAnswers({ age: '65_74', income: 'rich', foo: 'bar', device: ['none'] })).toEqual({
      age: '65_74',
    })
  })
})
