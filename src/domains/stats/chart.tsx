import type { Child } from 'hono/jsx'
import { Table } from '../../ui/components/table.tsx'
import type { View } from '../../ui/view.ts'

/**
 * Marks of a null: a count under 5 ("5 미만" / "<5"), or a cell of a table with secondary suppression, which
 * may also be one withheld with a small one ("비공개" / "withheld"; both look the same to the reader).
 */
export const MARKERS = {
  small: { short: 'stats.small', long: 'stats.smallLong' },
  withheld: { short: 'stats.withheld', long: 'stats.withheldLong' },
} as const
export type Marker = keyof typeof MARKERS

/** One bar: a label and a value; null is a withheld cell (drawn as no bar, labelled "withheld"). */
export interface Bar {
  label: string
  value: number | null
}

const fmt = (v: View, n: number) => n.toLocaleString(v.locale === 'ko' ? 'ko-KR' : 'en-GB')

/**
 * A horizontal bar chart drawn on the server as plain SVG (no script, a few hundred bytes per bar), with
 * a one-sentence summary and the same numbers as a table under it. The bars use `currentColor`, so
 * they follow the text colour in the high-contrast theme. See docs/statistics.md for why not a library.
 * @param id unique on the page (the table gets `${id}-table`)
 * @param title the chart's title (an h3, and the SVG's accessible name)
 * @param summary one sentence saying what the chart shows (read by screen readers and shown to all)
 * @param bars the data; `valueHeader` names the number column of the table
 */
export function BarChart(p: {
  v: View
  id: string
  title: string
  summary: string
  bars: Bar[]
  labelHeader: string
  valueHeader: string
  unit?: string
  extra?: Child
  /** How a null is marked: "<5" (a small count, the default) or "withheld" (small, or withheld with one). */
  marker?: Marker
}) {
  const { v } = p
  const max = Math.max(1, ...p.bars.map((b) => b.value ?? 0))
  const rowH = 28
  const labelW = 150
  const barW = 420
  const width = labelW + barW + 90
  const height = p.bars.length * rowH + 8
  const small = v.t(MARKERS[p.marker ?? 'small'].short)
  return (
    <figure class="stat-chart" id={p.id} aria-labelledby={`${p.id}-title`}>
      <h3 id={`${p.id}-title`}>{p.title}</h3>
      <p id={`${p.id}-summary`}>{p.summary}</p>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${p.id}-title`}
        aria-describedby={`${p.id}-summary`}
        font-size="14"
        preserveAspectRatio="xMinYMin meet"
      >
        {p.bars.map((b, i) => {
          const y = i * rowH + 4
          const w = b.value === null ? 0 : Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * barW))
          return (
            <g>
              <text x={labelW - 8} y={y + 18} text-anchor="end" fill="currentColor">
                {b.label}
              </text>
              <rect x={labelW} y={y + 4} width={w} height={rowH - 10} fill="currentColor" opacity="0.75" />
              <text x={labelW + w + 6} y={y + 18} fill="currentColor">
                {b.value === null ? small : `${fmt(v, b.value)}${p.unit ?? ''}`}
              </text>
            </g>
          )
        })}
      </svg>
      {p.extra}
      <Table
        id={`${p.id}-table`}
        caption={v.t('stats.tableOf', { title: p.title })}
        rowHeaders
        rows={p.bars}
        columns={[
          { header: p.labelHeader, cell: (b) => b.label },
          {
            header: p.valueHeader,
            numeric: true,
            cell: (b) =>
              b.value === null ? (
                <abbr title={v.t(MARKERS[p.marker ?? 'small'].long)}>{small}</abbr>
              ) : (
                `${fmt(v, b.value)}${p.unit ?? ''}`
              ),
          },
        ]}
      />
    </figure>
  )
}

/** "withheld" or the number in the reader's format. */
export const show = (v: View, n: number | null | undefined, unit = '', marker: Marker = 'small') =>
  n === null || n === undefined ? v.t(MARKERS[marker].short) : `${fmt(v, n)}${unit}`
