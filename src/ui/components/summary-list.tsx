import type { Child } from 'hono/jsx'
import type { View } from '../view.ts'

/** One row of a SummaryList. */
export interface SummaryRow {
  /** What the value is ("이름", "연락처"). */
  key: string
  /** The answer; use `common.none` text rather than leaving it empty. */
  value: Child
  /** A link to change this answer; its text is "변경" plus the key for screen readers. */
  change?: { href: string }
}

/**
 * Key/value rows (GOV.UK summary list), e.g. "check your answers" before sending an application.
 * @param v the request's view
 * @param rows key, value and optional change link
 * @example <SummaryList v={v} rows={[{ key: '이름', value: '김순자', change: { href: '/apply/name' } }]} />
 */
export const SummaryList = ({ v, rows }: { v: View; rows: SummaryRow[] }) => (
  <dl class="summary-list">
    {rows.map((r) => (
      <div class="summary-list__row">
        <dt class="summary-list__key">{r.key}</dt>
        <dd class="summary-list__value">{r.value}</dd>
        {r.change ? (
          <dd class="summary-list__actions">
            <a href={r.change.href}>
              {v.t('common.change')}
              <span class="sr-only"> {r.key}</span>
            </a>
          </dd>
        ) : null}
      </div>
    ))}
  </dl>
)
