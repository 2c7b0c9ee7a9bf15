import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import type { AppEnv } from './context.ts'

const here = dirname(fileURLToPath(import.meta.url))
const STATIC_DIR = resolve(here, '../../ui/static')
/**
 * Static assets: CSS, island scripts, icons. Pages use the device's own Korean font (every phone and
 * computer has one) rather than a web font: see docs/decisions/0007-system-fonts.md.
 */
export function staticRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
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
