import { readFileSync } from 'node:fs'
import type { Child } from 'hono/jsx'
import { describe, expect, it } from 'vitest'
import { registerDomains } from '../../app.ts'
import { COMPONENT_EXAMPLES } from '../../domains/design-system/examples.tsx'
import { designSystemMessages } from '../../domains/design-system/messages.ts'
import { ANONYMOUS } from '../../platform/auth/actor.ts'
import { cityProfile } from '../../platform/city.ts'
import { type Locale, translator } from '../../platform/i18n/index.ts'
import { uiMessages } from '../messages.ts'
import { appTokens, CONTRAST_PAIRS, CSS_PATH, contrastRatio, requiredRatio, resolveToken } from '../tokens.ts'
import type { View } from '../view.ts'
import { ErrorSummary, TextField } from './form.tsx'
import { Pagination, pageWindow } from './pagination.tsx'
import { SAVE_LATER, SaveLaterButton, wantsSaveLater } from './save-for-later.tsx'
import { StepIndicator } from './step-indicator.tsx'
import { Table } from './table.tsx'

registerDomains()

const view = (locale: Locale = 'ko'): View => ({
  locale,
  t: translator(locale),
  prefs: { textSize: 100, contrast: 'normal' },
  actor: ANONYMOUS,
  csrfToken: 'test',
  path: '/design-system',
  city: cityProfile('seoul'),
})

const html = async (node: Child): Promise<string> =>
  node == null ? '' : String(await (node as Promise<string>).toString())

/** Every start tag with its attributes (a tiny parser: enough for markup we generate ourselves). */
function tags(markup: string): { name: string; attrs: Record<string, string> }[] {
  return [...markup.matchAll(/<([a-z0-9]+)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)].map((m) => ({
    name: m[1] ?? '',
    attrs: Object.fromEntries(
      [...(m[2] ?? '').matchAll(/([\w:-]+)(?:="([^"]*)")?/g)].map((a) => [a[1] ?? '', a[2] ?? '']),
    ),
  }))
}
const ids = (markup: string) => tags(markup).flatMap((t) => (t.attrs.id ? [t.attrs.id] : []))

describe('every design-system example', () => {
  const all = COMPONENT_EXAMPLES.flatMap((c) => c.examples.map((e) => ({ c, e })))

  it.each(all.map(({ c, e }) => [`${c.name}/${e.name}`, c, e] as const))(
    '%s renders accessible markup in both languages',
    async (_label, _c, e) => {
      for (const locale of ['ko', 'en'] as const) {
        const out = await html(e.render(view(locale)))
        expect(out.length).toBeGreaterThan(0)
        // no untranslated keys leak out
        expect(out).not.toMatch(/\bds\.(ex|p|e|c|s)\.[\w.]+/)
        // ids are unique and every reference points to an existing id
        const list = ids(out)
        expect(new Set(list).size).toBe(list.length)
        for (const t of tags(out)) {
          for (const attr of ['aria-describedby', 'aria-labelledby']) {
            for (const ref of (t.attrs[attr] ?? '').split(/\s+/).filter(Boolean)) expect(list).toContain(ref)
          }
          if (t.name === 'label' && t.attrs.for) expect(list).toContain(t.attrs.for)
          if (t.name === 'a' && t.attrs.href?.startsWith('#') && t.attrs.href.length > 1 && e.name === 'form')
            expect(list).toContain(t.attrs.href.slice(1))
          // no inline styles (CSP) and no positive tabindex
          expect(t.attrs.style).toBeUndefined()
          if (t.attrs.tabindex) expect(Number(t.attrs.tabindex)).toBeLessThanOrEqual(0)
          // every input, select and textarea has a label
          if (['select', 'textarea'].includes(t.name) || (t.name === 'input' && t.attrs.type !== 'hidden')) {
            expect(out).toContain(`for="${t.attrs.id}"`)
          }
        }
      }
    },
  )

  it('documents every component with params and at least one example', () => {
    for (const c of COMPONENT_EXAMPLES) {
      expect(c.params.length).toBeGreaterThan(0)
      expect(c.examples.length).toBeGreaterThan(0)
      for (const key of [
        c.title,
        c.summary,
        ...c.params.map((p) => p.desc),
        ...c.examples.map((e) => e.title),
      ]) {
        expect(designSystemMessages.ko[key] ?? uiMessages.ko[key], key).toBeDefined()
      }
    }
  })
})

describe('fields with errors (GOV.UK pattern)', () => {
  it('mark the input invalid and describe it by the hint and the error', async () => {
    const v = view()
    const form = { errors: { phone: v.t('validation.phone') }, values: { phone: '010-12' } }
    const out = await html(
      <TextField v={v} form={form} name="phone" label="휴대전화 번호" hint="010-1234-5678" />,
    )
    const input = tags(out).find((t) => t.name === 'input')
    expect(input?.attrs['aria-invalid']).toBe('true')
    expect(input?.attrs['aria-describedby']).toBe('f-phone-hint f-phone-error')
    expect(input?.attrs.value).toBe('010-12')
    expect(ids(out)).toEqual(expect.arrayContaining(['f-phone', 'f-phone-hint', 'f-phone-error']))
    expect(out).toContain('field--error')
    expect(out).toMatch(/<span class="sr-only">오류:<\/span>/)
  })

  it('have no aria-invalid and no error element without an error', async () => {
    const out = await html(<TextField v={view()} name="phone" label="휴대전화 번호" />)
    expect(out).not.toContain('aria-invalid')
    expect(out).not.toContain('field-error')
  })

  it('error summary links to each field id and takes focus unless told not to', async () => {
    const v = view()
    const form = { errors: { name: 'a', 'contact.phone': 'b' }, values: {} }
    const out = await html(<ErrorSummary v={v} form={form} />)
    expect(out).toContain('href="#f-name"')
    expect(out).toContain('href="#f-contact-phone"')
    expect(out).toContain('data-autofocus="true"')
    expect(out).toContain('role="alert"')
    expect(await html(<ErrorSummary v={v} form={form} autofocus={false} />)).not.toContain('data-autofocus')
    expect(await html(<ErrorSummary v={v} form={{ errors: {}, values: {} }} />)).toBe('')
  })
})

describe('Table', () => {
  it('has a caption, column headers with scope, row headers and numeric cells', async () => {
    const out = await html(
      <Table
        id="t"
        caption="장소"
        rowHeaders
        rows={[{ n: '도서관', k: 3 }]}
        columns={[
          { header: '이름', cell: (r: { n: string; k: number }) => r.n },
          { header: '수', numeric: true, cell: (r: { n: string; k: number }) => r.k },
        ]}
      />,
    )
    expect(out).toMatch(/<caption id="t-caption">장소<\/caption>/)
    expect(out.match(/<th scope="col"/g)).toHaveLength(2)
    expect(out).toContain('<th scope="row">도서관</th>')
    expect(out).toContain('<td class="table__cell--numeric">3</td>')
    expect(out).toContain('aria-labelledby="t-caption"')
  })

  it('shows the empty text instead of an empty table', async () => {
    const out = await html(<Table id="t" caption="c" rows={[]} columns={[]} empty="없음" />)
    expect(out).not.toContain('<table')
    expect(out).toContain('없음')
  })
})

describe('Pagination', () => {
  it('marks the current page and labels the nav', async () => {
    const out = await html(<Pagination v={view()} page={3} total={10} href={(p) => `?page=${p}`} />)
    expect(out).toMatch(/<nav class="pagination" aria-label="쪽 이동">/)
    expect(out.match(/aria-current="page"/g)).toHaveLength(1)
    expect(out).toMatch(
      /href="\?page=3" aria-current="page"><span aria-hidden="true">3<\/span><span class="sr-only">3쪽<\/span>/,
    )
    expect(out).toContain('rel="prev"')
    expect(out).toContain('rel="next"')
  })

  it('renders nothing for one page and no prev link on the first page', async () => {
    expect(await html(<Pagination v={view()} page={1} total={1} href={String} />)).toBe('')
    expect(await html(<Pagination v={view()} page={1} total={4} href={String} />)).not.toContain('rel="prev"')
  })

  it('keeps first, last and neighbours, with gaps', () => {
    expect(pageWindow(5, 12)).toEqual([1, null, 4, 5, 6, null, 12])
    expect(pageWindow(1, 3)).toEqual([1, 2, 3])
    expect(pageWindow(3, 5)).toEqual([1, 2, 3, 4, 5])
  })
})

describe('StepIndicator and SaveForLater', () => {
  it('says the step in words and marks the current step', async () => {
    const out = await html(<StepIndicator v={view()} current={2} steps={['가', '나', '다']} />)
    expect(out).toContain('3단계 중 2단계')
    expect(out.match(/aria-current="step"/g)).toHaveLength(1)
    expect(out).toContain('(완료)')
  })

  it('sends _action=save-later and recognises it', async () => {
    const out = await html(<SaveLaterButton v={view()} />)
    expect(out).toContain(`name="_action" value="${SAVE_LATER}"`)
    expect(wantsSaveLater({ _action: 'save-later' })).toBe(true)
    expect(wantsSaveLater({})).toBe(false)
  })
})

describe('messages', () => {
  it('have the same keys in Korean and English', () => {
    for (const m of [uiMessages, designSystemMessages]) {
      expect(Object.keys(m.en).sort()).toEqual(Object.keys(m.ko).sort())
    }
  })
})

describe('design tokens', () => {
  const t = appTokens()

  it('has three layers and a full high-contrast set', () => {
    expect(t.primitive.size).toBeGreaterThan(20)
    expect(t.semantic.size).toBeGreaterThan(20)
    expect(t.component.size).toBeGreaterThan(20)
    for (const name of t.semantic.keys()) {
      if (name.startsWith('--color-')) expect(t.semanticHigh.has(name), name).toBe(true)
    }
  })

  it.each(CONTRAST_PAIRS.map((p) => [`${p.fg} on ${p.bg}`, p] as const))('%s meets its contrast', (_l, p) => {
    for (const mode of ['normal', 'high'] as const) {
      const r = contrastRatio(resolveToken(t, p.fg, mode), resolveToken(t, p.bg, mode))
      expect(r, `${mode} ${r.toFixed(2)}`).toBeGreaterThanOrEqual(requiredRatio(mode, p.nonText))
    }
  })

  it('keeps text at least 15px, body at least 18px and sizes in rem', () => {
    const css = readFileSync(CSS_PATH, 'utf8')
    for (const [name, raw] of [...t.primitive].filter(([n]) => n.startsWith('--p-size-'))) {
      expect(raw, name).toMatch(/rem$/)
      expect(Number.parseFloat(raw) * 16, name).toBeGreaterThanOrEqual(15)
    }
    expect(Number.parseFloat(resolveToken(t, '--font-size-body')) * 16).toBeGreaterThanOrEqual(18)
    expect(css).not.toMatch(/font-size:\s*\d+px/)
    expect(css).toMatch(/html\.text-200\s*{\s*font-size:\s*200%/)
    expect(css).toContain('word-break: keep-all')
  })
})
