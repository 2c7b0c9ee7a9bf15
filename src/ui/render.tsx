import type { Child } from 'hono/jsx'
import { cityProfile } from '../platform/city.ts'
import type { Ctx } from '../platform/http/context.ts'
import { Layout, type NavItem } from './layout.tsx'
import type { View } from './view.ts'

/** Builds the template view of a request. */
export function viewOf(c: Ctx): View {
  return {
    locale: c.var.locale,
    t: c.var.t,
    prefs: c.var.prefs,
    actor: c.var.actor,
    csrfToken: c.var.csrfToken,
    path: new URL(c.req.url).pathname,
    city: cityProfile(c.var.deps.config.GACHI_CITY),
  }
}

const staffNavProviders: ((v: View) => NavItem[])[] = []

/** Domains add their staff menu entries here (filtered by what the actor may do). */
export function addStaffNav(provider: (v: View) => NavItem[]): void {
  staffNavProviders.push(provider)
}

/** Renders a full HTML page (with doctype) inside the layout. */
export async function renderPage(
  c: Ctx,
  opts: { title: string; status?: number },
  body: (v: View) => Child,
): Promise<Response> {
  const v = viewOf(c)
  const staffNav = v.actor.kind === 'staff' ? staffNavProviders.flatMap((p) => p(v)) : []
  const html = (
    <Layout v={v} title={opts.title} staffNav={staffNav}>
      {body(v)}
    </Layout>
  )
  c.header('cache-control', 'no-store')
  return c.html(`<!doctype html>${await html.toString()}`, (opts.status ?? 200) as 200)
}
