/**
 * A server for the HTTP benchmarks, in its own process so the load generator does not share its event loop:
 *   node --import tsx bench/lib/http-server.ts app    # Gachi over a fresh database with the demo data
 *   node --import tsx bench/lib/http-server.ts bare   # a bare Hono "hello" (the baseline)
 * DATABASE_URL chooses PostgreSQL (a new database, dropped on exit) over in-memory PGlite. Prints
 * `listening <port>` once it answers; stops on SIGTERM.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { seedIfNeeded } from '../../src/boot.ts'
import type { Database } from '../../src/platform/db/client.ts'
import { createLogger } from '../../src/platform/log.ts'
import { testApp } from '../../test/app.ts'
import { freshDb, testConfigFor } from '../../test/fresh-db.ts'

const mode = process.argv[2] ?? 'app'
let database: Database | null = null
let fetchFn: (req: Request) => Response | Promise<Response>
if (mode === 'bare') {
  fetchFn = new Hono().get('/', (c) => c.text('hello')).fetch
} else {
  database = await freshDb({ reference: true })
  const config = testConfigFor(database, { GACHI_MODE: 'demo' })
  await seedIfNeeded(database, config, createLogger('silent'))
  fetchFn = testApp(database, { config }).app.fetch
}
const server = serve({ fetch: fetchFn, port: 0, hostname: '127.0.0.1' })
server.once('listening', () => {
  console.log(`listening ${(server.address() as { port: number }).port} ${database?.kind ?? 'none'}`)
})
process.on('SIGTERM', async () => {
  server.close()
  await database?.close()
  process.exit(0)
})
