import type { View } from '../view.ts'

/**
 * The page numbers to show: always the first and last, the current one and its neighbours, with
 * `null` where numbers are left out ("…").
 */
export function pageWindow(page: number, total: number): (number | null)[] {
  const keep = new Set([1, total, page - 1, page, page + 1].filter((n) => n >= 1 && n <= total))
  const out: (number | null)[] = []
  let last = 0
  for (const n of [...keep].sort((a, b) => a - b)) {
    if (n - last === 2) out.push(n - 1)
    else if (n - last > 2) out.push(null)
    out.push(n)
    last = n
  }
  return out
}

/**
 * Previous/next links and page numbers in a labelled nav; the current page has aria-current="page"
 * and is shown filled and bold (not by colour alone: "n쪽 중 m쪽" is also written out).
 * Renders nothing when there is only one page.
 * @param v the request's view
 * @param page the current page (1-based)
 * @param total the number of pages
 * @param href builds the address of a page (keep the other query parameters)
 * @example <Pagination v={v} page={2} total={12} href={(p) => `?page=${p}`} />
 */
export const Pagination = ({
  v,
  page,
  total,
  href,
}: {
  v: View
  page: number
  total: number
  href: (page: number) => string
}) => {
  if (total <= 1) return null
  return (
    <nav class="pagination" aria-label={v.t('common.pagination')}>
      <p class="pagination__status">{v.t('common.pageOf', { page, total })}</p>
      <ul>
        {page > 1 ? (
          <li class="pagination__prev">
            <a href={href(page - 1)} rel="prev">
              {v.t('common.previous')}
              <span class="sr-only"> {v.t('common.page', { page: page - 1 })}</span>
            </a>
          </li>
        ) : null}
        {pageWindow(page, total).map((n) =>
          n === null ? (
            <li class="pagination__ellipsis" aria-hidden="true">
              …
            </li>
          ) : (
            <li class="pagination__item">
              <a href={href(n)} aria-current={n === page ? 'page' : undefined}>
                {/* the name is "3쪽" / "Page 3" from visible content (no aria-label, so voice control matches) */}
                <span aria-hidden="true">{n}</span>
                <span class="sr-only">{v.t('common.page', { page: n })}</span>
              </a>
            </li>
          ),
        )}
        {page < total ? (
          <li class="pagination__next">
            <a href={href(page + 1)} rel="next">
              {v.t('common.next')}
              <span class="sr-only"> {v.t('common.page', { page: page + 1 })}</span>
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  )
}
