import type { Child } from 'hono/jsx'

/** One column of a Table. */
export interface Column<R> {
  /** Column header text (a `<th scope="col">`). */
  header: string
  /** What the cell shows for a row. */
  cell: (row: R) => Child
  /** Right-aligned, tabular digits (amounts, counts). */
  numeric?: boolean
}

/**
 * A data table: caption (required, so screen-reader users know what the table is), column headers with
 * scope, optional row headers, numeric alignment. Wrapped in a focusable region that scrolls
 * sideways on small screens instead of squeezing the page.
 * @param id unique id on the page; the caption gets `${id}-caption`
 * @param caption what the table lists (shown above it unless `captionHidden`)
 * @param captionHidden keep the caption for screen readers only (when a heading already says it)
 * @param columns headers and cell renderers
 * @param rows the data
 * @param rowHeaders the first column names the row (`<th scope="row">`)
 * @param empty text shown instead of the table when there are no rows
 * @param stack on narrow screens (or large text) show each row as a block instead of scrolling sideways;
 *   only for tables whose cells make sense without their column header (e.g. name + description)
 * @example
 * <Table id="places" caption="도움 장소" rows={places} rowHeaders
 *   columns={[{ header: '이름', cell: (p) => p.name }, { header: '거리(km)', numeric: true, cell: (p) => p.km }]} />
 */
export function Table<R>(p: {
  id: string
  caption: string
  captionHidden?: boolean
  columns: Column<R>[]
  rows: R[]
  rowHeaders?: boolean
  empty?: string
  stack?: boolean
}) {
  if (p.rows.length === 0 && p.empty !== undefined) return <p class="table-empty">{p.empty}</p>
  const captionId = `${p.id}-caption`
  const numeric = (c: Column<R>) => (c.numeric ? 'table__cell--numeric' : undefined)
  return (
    // a focusable, labelled region so keyboard users can scroll a wide table sideways
    <section class="table-wrap" aria-labelledby={captionId} tabindex={0}>
      <table class={p.stack ? 'table table--stack' : 'table'} id={p.id}>
        <caption id={captionId} class={p.captionHidden ? 'sr-only' : undefined}>
          {p.caption}
        </caption>
        <thead>
          <tr>
            {p.columns.map((c) => (
              <th scope="col" class={numeric(c)}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              {p.columns.map((c, i) =>
                i === 0 && p.rowHeaders ? (
                  <th scope="row" class={numeric(c)}>
                    {c.cell(r)}
                  </th>
                ) : (
                  <td class={numeric(c)}>{c.cell(r)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
