import { AppError } from '../../platform/http/errors.ts'
import { page } from '../../platform/http/route.ts'
import { Card } from '../../ui/components/card.tsx'
import { StatusTag } from '../../ui/components/status-tag.tsx'
import { Table } from '../../ui/components/table.tsx'
import { renderPage } from '../../ui/render.tsx'
import { appTokens, CONTRAST_PAIRS, contrastRatio, requiredRatio, resolveToken } from '../../ui/tokens.ts'
import type { View } from '../../ui/view.ts'
import { COMPONENT_EXAMPLES, type ComponentDoc, type ComponentParam, findComponent } from './examples.tsx'

/** The semantic colours shown as swatches (each has a `.swatch--<name>` class in app.css). */
export const SWATCHES = [
  'bg',
  'surface',
  'surface-strong',
  'text',
  'text-subtle',
  'border',
  'border-subtle',
  'link',
  'link-visited',
  'primary',
  'primary-surface',
  'danger',
  'danger-surface',
  'success',
  'success-surface',
  'warning',
  'warning-surface',
  'info',
  'info-surface',
  'focus',
  'brand',
] as const

const TYPE_SCALE = [
  '--font-size-small',
  '--font-size-label',
  '--font-size-body',
  '--font-size-lead',
  '--font-size-h3',
  '--font-size-h2',
  '--font-size-h1',
  '--font-size-display',
] as const

const ratio = (n: number) => `${n.toFixed(2)}:1`

const Back = ({ v, href, label }: { v: View; href: string; label: string }) => (
  <p>
    <a href={href}>{v.t('ds.backTo', { page: label })}</a>
  </p>
)

function IndexPage({ v }: { v: View }) {
  const t = appTokens()
  const pairs = CONTRAST_PAIRS.map((p) => {
    const normal = contrastRatio(resolveToken(t, p.fg, 'normal'), resolveToken(t, p.bg, 'normal'))
    const high = contrastRatio(resolveToken(t, p.fg, 'high'), resolveToken(t, p.bg, 'high'))
    const pass = normal >= requiredRatio('normal', p.nonText) && high >= requiredRatio('high', p.nonText)
    return { ...p, normal, high, pass }
  })
  return (
    <>
      <h1>{v.t('ds.title')}</h1>
      <p class="lead">{v.t('ds.lead')}</p>
      <h2>{v.t('ds.rules')}</h2>
      <ul>
        <li>{v.t('ds.rule.text')}</li>
        <li>{v.t('ds.rule.contrast')}</li>
        <li>{v.t('ds.rule.targets')}</li>
        <li>{v.t('ds.rule.focus')}</li>
        <li>{v.t('ds.rule.errors')}</li>
        <li>{v.t('ds.rule.words')}</li>
      </ul>
      <h2 id="components">{v.t('ds.components')}</h2>
      <ul class="cards">
        {COMPONENT_EXAMPLES.map((c) => (
          <li>
            <Card href={`/design-system/${c.name}`} title={v.t(c.title)} body={v.t(c.summary)} />
          </li>
        ))}
      </ul>
      <h2 id="tokens">{v.t('ds.tokens')}</h2>
      <p>
        {v.t('ds.tokensLead', {
          primitive: t.primitive.size,
          semantic: t.semantic.size,
          component: t.component.size,
        })}
      </p>
      <h3 id="colours">{v.t('ds.colours')}</h3>
      <p>{v.t('ds.coloursLead')}</p>
      <Table
        id="colour-tokens"
        caption={v.t('ds.colours')}
        captionHidden
        rowHeaders
        rows={[...SWATCHES]}
        columns={[
          { header: v.t('ds.col.token'), cell: (s) => <code>{`--color-${s}`}</code> },
          {
            header: v.t('ds.col.sample'),
            cell: (s) => <span class={`ds-swatch swatch--${s}`} aria-hidden="true" />,
          },
          {
            header: v.t('ds.col.normal'),
            cell: (s) => <code>{resolveToken(t, `--color-${s}`, 'normal')}</code>,
          },
          { header: v.t('ds.col.high'), cell: (s) => <code>{resolveToken(t, `--color-${s}`, 'high')}</code> },
        ]}
      />
      <h3 id="contrast">{v.t('ds.contrast')}</h3>
      <p>{v.t('ds.contrastLead')}</p>
      <Table
        id="contrast-pairs"
        caption={v.t('ds.contrast')}
        captionHidden
        rows={pairs}
        columns={[
          { header: v.t('ds.col.fg'), cell: (p) => <code>{p.fg}</code> },
          { header: v.t('ds.col.bg'), cell: (p) => <code>{p.bg}</code> },
          { header: v.t('ds.col.normalRatio'), numeric: true, cell: (p) => ratio(p.normal) },
          { header: v.t('ds.col.highRatio'), numeric: true, cell: (p) => ratio(p.high) },
          {
            header: v.t('ds.col.required'),
            numeric: true,
            cell: (p) =>
              `${ratio(requiredRatio('normal', p.nonText))} / ${ratio(requiredRatio('high', p.nonText))}`,
          },
          {
            header: v.t('ds.col.result'),
            cell: (p) => (
              <StatusTag tone={p.pass ? 'success' : 'danger'}>
                {v.t(p.pass ? 'ds.pass' : 'ds.fail')}
              </StatusTag>
            ),
          },
        ]}
      />
      <h3 id="type">{v.t('ds.type')}</h3>
      <Table
        id="type-scale"
        caption={v.t('ds.type')}
        captionHidden
        rowHeaders
        rows={[...TYPE_SCALE]}
        columns={[
          { header: v.t('ds.col.token'), cell: (n) => <code>{n}</code> },
          { header: v.t('ds.col.rem'), numeric: true, cell: (n) => resolveToken(t, n) },
          {
            header: v.t('ds.col.px'),
            numeric: true,
            cell: (n) => String(Math.round(Number.parseFloat(resolveToken(t, n)) * 16)),
          },
        ]}
      />
      <p>{v.t('ds.typeLead')}</p>
    </>
  )
}

const ParamsTable = ({ v, doc }: { v: View; doc: ComponentDoc }) => (
  <Table
    id="params"
    caption={v.t('ds.params')}
    captionHidden
    rowHeaders
    stack
    rows={doc.params}
    columns={[
      {
        header: v.t('ds.col.param'),
        cell: (p: ComponentParam) => (
          <>
            <code>{p.name}</code>
            <span class="ds-param__type">
              <code>{p.type}</code>
            </span>
            <span class="ds-param__required">{v.t(p.required ? 'ds.required' : 'ds.optional')}</span>
          </>
        ),
      },
      { header: v.t('ds.col.description'), cell: (p: ComponentParam) => v.t(p.desc) },
    ]}
  />
)

function ComponentPage({ v, doc }: { v: View; doc: ComponentDoc }) {
  return (
    <>
      <Back v={v} href="/design-system" label={v.t('ds.title')} />
      <h1>{v.t(doc.title)}</h1>
      <p class="lead">{v.t(doc.summary)}</p>
      <h2 id="params-title">{v.t('ds.params')}</h2>
      <ParamsTable v={v} doc={doc} />
      <h2 id="examples">{v.t('ds.examples')}</h2>
      {doc.examples.map((e) => (
        <section aria-labelledby={`example-${e.name}`}>
          <h3 id={`example-${e.name}`}>{v.t(e.title)}</h3>
          <div class="ds-example">
            <div class="ds-example__preview">{e.render(v)}</div>
            <pre class="ds-example__code">
              <code>{e.code}</code>
            </pre>
          </div>
          <p>
            <a href={`/design-system/${doc.name}/${e.name}`}>
              {v.t('ds.openAlone')}
              <span class="sr-only">: {v.t(e.title)}</span>
            </a>
          </p>
        </section>
      ))}
    </>
  )
}

function requireDoc(name: string | undefined): ComponentDoc {
  const doc = findComponent(name ?? '')
  if (!doc) throw new AppError('not_found', 'error.notFound')
  return doc
}

/** The design system's own documentation: tokens, contrast and every component with live examples. */
export const designSystemPages = [
  page({
    method: 'GET',
    path: '/design-system',
    access: 'public',
    summary: 'Design system: components, tokens and colour contrast',
    handle: (c) => renderPage(c, { title: c.var.t('ds.title') }, (v) => <IndexPage v={v} />),
  }),
  page({
    method: 'GET',
    path: '/design-system/:component',
    access: 'public',
    summary: "Design system: one component's params and live examples",
    handle: (c) => {
      const doc = requireDoc(c.req.param('component'))
      return renderPage(c, { title: `${c.var.t(doc.title)} | ${c.var.t('ds.title')}` }, (v) => (
        <ComponentPage v={v} doc={doc} />
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/design-system/:component/:example',
    access: 'public',
    summary: 'Design system: one example on its own (for browser and axe tests)',
    handle: (c) => {
      const doc = requireDoc(c.req.param('component'))
      const ex = doc.examples.find((e) => e.name === c.req.param('example'))
      if (!ex) throw new AppError('not_found', 'error.notFound')
      const title = `${c.var.t(doc.title)}: ${c.var.t(ex.title)}`
      return renderPage(c, { title }, (v) => (
        <>
          <Back v={v} href={`/design-system/${doc.name}`} label={v.t(doc.title)} />
          <h1>{title}</h1>
          {ex.render(v)}
        </>
      ))
    },
  }),
]
