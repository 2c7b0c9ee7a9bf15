import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import { createWorker, openConfiguredDatabase, seedIfNeeded } from './boot.ts'
import { loadConfig } from './config.ts'
import { keyringFromConfig, useKeyring } from './platform/crypto/fields.ts'
import { DataDirLockedError } from './platform/db/lock.ts'
import { transportsFromConfig } from './platform/jobs/transports.ts'
import { createLogger } from './platform/log.ts'

/** Boot: config → database (migrate, seed) → app → listen; closes cleanly on SIGINT/SIGTERM. */
async function main() {
  const config = loadConfig()
  const log = createLogger(config.LOG_LEVEL)
  useKeyring(keyringFromConfig(config)) // a bad GACHI_DATA_KEYS stops the start, not the first encryption
  let database: Awaited<ReturnType<typeof openConfiguredDatabase>>
  try {
    database = await openConfiguredDatabase(config)
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      console.error(`\n${e.message}\n`)
      process.exit(1)
    }
    throw e
  }
  console.log(
    `Database: ${database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL server'}`,
  )
  await database.migrate()
  const lines = await seedIfNeeded(database, config, log, (m) => console.log(`  loaded ${m}`))
  const deps = {
    config,
    database,
    log,
    transports: transportsFromConfig(config, database.db),
    now: () => new Date(),
  }
  const app = createApp(deps)
  const worker = config.GACHI_WORKER === 'inline' ? createWorker(database, config, log) : null
  worker?.start()
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    console.log(`\nGachi is running: http://localhost:${info.port}`)
    for (const l of lines) console.log(l)
    if (config.GACHI_MODE === 'demo' && lines.length === 0)
      console.log('Demo data was loaded on an earlier start (see README for the demo sign-ins).')
  })
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    log.info({ signal }, 'shutting down')
    server.close()
    await worker?.stop()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
