import type { Ctx } from '../../platform/http/context.ts'
import { uuidParam } from '../../platform/http/params.ts'
import type { View } from '../../ui/view.ts'

/** Small helpers shared by the devices pages and routes. */
export const now = (c: Ctx) => c.var.deps.now()
/** POST → 303 → GET. */
export const see = (c: Ctx, path: string) => c.redirect(path, 303)
/** Select/radio options from codes, labelled by `${prefix}.${code}` messages. */
export const opts = (v: View, prefix: string, values: readonly string[]) =>
  values.map((x) => ({ value: x, label: v.t(`${prefix}.${x}`) }))
/** An amount of money in the reader's number format ("12,000원" / "₩12,000"). */
export const won = (v: View, n: number) =>
  v.t('devices.amount', { n: n.toLocaleString(v.locale === 'ko' ? 'ko-KR' : 'en-GB') })
/** The `:id` path parameter; anything that is not a UUID is "not found". */
export const idParam = (c: Ctx) => uuidParam(c, 'id', 'devices.err.notFound')
