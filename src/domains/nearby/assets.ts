import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const DIST = dirname(require.resolve('leaflet/dist/leaflet.js'))
/** The Leaflet version the map island asks for (`?v=`), from the installed package (pinned in package.json). */
export const LEAFLET_VERSION = (require('leaflet/package.json') as { version: string }).version

/** The only Leaflet files served (from the npm package, never a CDN), with their types. */
const FILES: Record<string, string> = {
  'leaflet.js': 'text/javascript; charset=utf-8',
  'leaflet.css': 'text/css; charset=utf-8',
  'images/layers.png': 'image/png',
  'images/layers-2x.png': 'image/png',
}

const cache = new Map<string, Buffer>()

/** A Leaflet file by its path under dist/, or null when it is not one we serve. */
export function leafletAsset(path: string): { body: Buffer; type: string } | null {
  const type = FILES[path]
  if (!type) return null
  let body = cache.get(path)
  if (!body) {
    body = readFileSync(join(DIST, path))
    cache.set(path, body)
  }
  return { body, type }
}
