import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import type { AppEnv } from './context.ts'

const here = dirname(fileURLToPath(import.meta.url))
const STATIC_DIR = resolve(here, '../../ui/static')
const FONT_DIR = resolve(here, '../../../node_modules/@fontsource/noto-sans-kr/files')

/**
 * The self-hosted Korean font: fontsource's subset files (one per unicode range, so a page downloads only
 * the glyph ranges it uses) with their CSS pointed at /fonts/.
 */
function fontCss(): string {
  const pkg = resolve(FONT_DIR, '..')
  return ['400.css', '700.css']
    .map((f) => readFileSync(join(pkg, f), 'utf8').replaceAll('./files/', '/fonts/'))
    .join('\n')
}

/** Static assets: CSS, island scripts, fonts. Long-cached except app files in development. */
export function staticRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  let css: string | null = null
  app.get('/static/fonts.css', (c) => {
    css ??= fontCss()
    c.header('cache-control', 'public, max-age=86400')
    return c.body(css, 200, { 'content-type': 'text/css; charset=utf-8' })
  })
  app.use(
    '/fonts/*',
    serveStatic({
      root: FONT_DIR,
      rewriteRequestPath: (p) => p.replace(/^\/fonts/, ''),
      onFound: (_p, c) => {
        c.header('cache-control', 'public, max-age=31536000, immutable')
      },
    }),
  )
  app.use(
    '/static/*',
    serveStatic({
      root: STATIC_DIR,
      rewriteRequestPath: (p) => p.replace(/^\/static/, ''),
      onFound: (_p, c) => {
        c.header('cache-control', 'public, max-age=3600')
      },
    }),
  )
  return app
}
