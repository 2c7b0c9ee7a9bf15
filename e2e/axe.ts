import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AxeResults, RunOptions } from 'axe-core'
import type { Page } from 'playwright-core'

/** The WCAG levels the app promises: 2.0, 2.1 and 2.2 at A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface Violation {
  id: string
  impact: string
  help: string
  helpUrl: string
  nodes: { target: string; summary: string }[]
}

/**
 * Runs axe-core in the page. The source is evaluated through the DevTools protocol, which the page's
 * Content-Security-Policy (script-src 'self') does not block, so the CSP under test stays on.
 */
export async function runAxe(page: Page, tags: string[] = AXE_TAGS): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  return page.evaluate(async (values) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: RunOptions) => Promise<AxeResults> } })
      .axe
    const r = await axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] })
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(' '),
        summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      })),
    }))
  }, tags)
}

/** A readable list: rule id, impact, summary; each failing element with what to fix. */
export function formatViolations(where: string, violations: Violation[]): string {
  const lines = [`${where}: ${violations.length} accessibility rule(s) fail`]
  for (const v of violations) {
    lines.push(`  ${v.id} [${v.impact}] ${v.help} — ${v.helpUrl.replace(/\?.*$/, '')}`)
    for (const n of v.nodes.slice(0, 8)) lines.push(`    - ${n.target}: ${n.summary}`)
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more element(s)`)
  }
  return lines.join('\n')
}
