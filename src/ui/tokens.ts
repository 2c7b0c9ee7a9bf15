import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The design tokens as declared in static/app.css (the one source of truth): primitive, semantic (normal
 * and high contrast) and component layers, with var() references resolved to colours. Read by the
 * design-system pages (swatches, contrast ratios) and by the contrast test.
 */
export interface Tokens {
  primitive: Map<string, string>
  semantic: Map<string, string>
  semanticHigh: Map<string, string>
  component: Map<string, string>
  componentHigh: Map<string, string>
}

export const CSS_PATH = resolve(dirname(fileURLToPath(import.meta.url)), 'static/app.css')

/** Top-level rule blocks (selector → body); @media and other at-rules are skipped. */
function topLevelBlocks(css: string): { selector: string; body: string }[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '')
  const out: { selector: string; body: string }[] = []
  let depth = 0
  let start = 0
  let selector = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '{') {
      if (depth === 0) {
        selector = text.slice(start, i).trim()
        start = i + 1
      }
      depth++
    } else if (ch === '}') {
      depth--
      if (depth === 0) {
        if (!selector.startsWith('@')) out.push({ selector, body: text.slice(start, i) })
        start = i + 1
      }
    } else if (ch === ';' && depth === 0) {
      start = i + 1
    }
  }
  return out
}

function declarations(body: string): [string, string][] {
  return [...body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1] ?? '', (m[2] ?? '').trim()])
}

/** Parses the token blocks of a stylesheet. */
export function parseTokens(css: string): Tokens {
  const t: Tokens = {
    primitive: new Map(),
    semantic: new Map(),
    semanticHigh: new Map(),
    component: new Map(),
    componentHigh: new Map(),
  }
  for (const { selector, body } of topLevelBlocks(css)) {
    const high = selector === 'html.contrast-high'
    if (selector !== ':root' && !high) continue
    for (const [name, value] of declarations(body)) {
      if (name.startsWith('--p-')) t.primitive.set(name, value)
      else if (/^--(color|font|line|space|radius|border|target|container)-/.test(name))
        (high ? t.semanticHigh : t.semantic).set(name, value)
      else (high ? t.componentHigh : t.component).set(name, value)
    }
  }
  return t
}

let cached: Tokens | null = null
/** The tokens of the app's stylesheet (read once). */
export function appTokens(): Tokens {
  cached ??= parseTokens(readFileSync(CSS_PATH, 'utf8'))
  return cached
}

/** Resolves a token to its final value in normal or high-contrast mode (following var() references). */
export function resolveToken(t: Tokens, name: string, mode: 'normal' | 'high' = 'normal', seen = 0): string {
  if (seen > 10) throw new Error(`Token cycle at ${name}`)
  const raw =
    (mode === 'high' ? (t.semanticHigh.get(name) ?? t.componentHigh.get(name)) : undefined) ??
    t.semantic.get(name) ??
    t.component.get(name) ??
    t.primitive.get(name)
  if (raw === undefined) throw new Error(`Unknown token ${name}`)
  const ref = /^var\((--[\w-]+)\)$/.exec(raw)
  return ref?.[1] ? resolveToken(t, ref[1], mode, seen + 1) : raw
}

function luminance(hex: string): number {
  const h = hex.replace('#', '')
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.slice(0, 6)
  const [r = 0, g = 0, b = 0] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(full.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG 2 contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/**
 * The foreground/background pairs the design system promises: text pairs need 4.5:1 (7:1 in high
 * contrast); `nonText` pairs (borders of inputs, focus) need 3:1 (4.5:1 in high contrast).
 */
export const CONTRAST_PAIRS: { fg: string; bg: string; nonText?: boolean }[] = [
  { fg: '--color-text', bg: '--color-bg' },
  { fg: '--color-text', bg: '--color-surface' },
  { fg: '--color-text', bg: '--color-surface-strong' },
  { fg: '--color-text-subtle', bg: '--color-bg' },
  { fg: '--color-text-subtle', bg: '--color-surface' },
  { fg: '--color-link', bg: '--color-bg' },
  { fg: '--color-link', bg: '--color-surface' },
  { fg: '--color-link-hover', bg: '--color-bg' },
  { fg: '--color-link-visited', bg: '--color-bg' },
  { fg: '--color-link', bg: '--color-primary-surface' },
  { fg: '--color-text', bg: '--color-primary-surface' },
  { fg: '--color-on-primary', bg: '--color-primary' },
  { fg: '--color-on-primary', bg: '--color-primary-hover' },
  { fg: '--color-on-tone', bg: '--color-danger' },
  { fg: '--color-on-tone', bg: '--color-danger-strong' },
  { fg: '--color-on-tone', bg: '--color-success' },
  { fg: '--color-on-tone', bg: '--color-info' },
  { fg: '--color-danger', bg: '--color-bg' },
  { fg: '--color-danger-strong', bg: '--color-danger-surface' },
  { fg: '--color-success', bg: '--color-success-surface' },
  { fg: '--color-warning', bg: '--color-warning-surface' },
  { fg: '--color-info', bg: '--color-info-surface' },
  { fg: '--color-focus-text', bg: '--color-focus' },
  { fg: '--button-secondary-text', bg: '--button-secondary-bg' },
  { fg: '--button-secondary-text', bg: '--button-secondary-bg-hover' },
  { fg: '--button-warning-text', bg: '--button-warning-bg' },
  { fg: '--masthead-text', bg: '--masthead-bg' },
  { fg: '--footer-text', bg: '--footer-bg' },
  { fg: '--settings-pressed-text', bg: '--settings-pressed-bg' },
  { fg: '--logo-text', bg: '--logo-bg' },
  { fg: '--tag-neutral-text', bg: '--tag-neutral-bg' },
  { fg: '--pagination-current-text', bg: '--pagination-current-bg' },
  { fg: '--input-text', bg: '--input-bg' },
  { fg: '--input-border', bg: '--input-bg', nonText: true },
  { fg: '--input-border-error', bg: '--input-bg', nonText: true },
  { fg: '--color-border', bg: '--color-bg', nonText: true },
  { fg: '--door-icon', bg: '--door-bg', nonText: true },
  { fg: '--color-focus-ring', bg: '--color-bg', nonText: true },
]

/** The minimum ratio a pair needs in a mode. */
export const requiredRatio = (mode: 'normal' | 'high', nonText = false): number =>
  nonText ? (mode === 'high' ? 4.5 : 3) : mode === 'high' ? 7 : 4.5
