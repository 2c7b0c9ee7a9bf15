import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Logger } from 'pino'
import { registerDomains } from './app.ts'
import { createWorker, openConfiguredDatabase, seedIfNeeded } from './boot.ts'
import { type Config, loadConfig } from './config.ts'
import { DOMAINS } from './domains/index.ts'
import { BackupError, backupDatabase, restoreDatabase } from './platform/backup/backup.ts'
import type { Database } from './platform/db/client.ts'
import { DataDirLockedError } from './platform/db/lock.ts'
import type { CliCommand, CliContext } from './platform/domain.ts'
import { isAppError } from './platform/http/errors.ts'
import { translate } from './platform/i18n/index.ts'
import { createLogger } from './platform/log.ts'

/** Where the CLI writes: the terminal in real use, a buffer in tests. */
export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
  /** Asks a question on the terminal without echoing the answer. */
  askSecret: (question: string) => Promise<string>
}

interface Command {
  summary: string
  usage?: string
  /** false for commands that need no database (help). */
  database: boolean
  run: (ctx: CliContext & { database: Database }, args: string[]) => Promise<number | undefined>
}

/** Thrown for a wrong command line: printed with the command's usage, exit code 2. */
class UsageError extends Error {}

function builtins(io: CliIo): Record<string, Command> {
  return {
    migrate: {
      summary: 'Apply pending database migrations (every other command does this first)',
      database: true,
      run: async () => {
        io.out('The database schema is up to date.')
        return 0
      },
    },
    seed: {
      summary: 'Load reference data (and, in demo mode, the demo data set) if not loaded yet',
      database: true,
      run: async (ctx) => {
        const lines = await seedIfNeeded(ctx.database, ctx.config, ctx.log, ctx.progress)
        for (const l of lines) io.out(l)
        io.out(lines.length > 0 ? 'Seed data loaded.' : 'Reference data is loaded; nothing else to do.')
        return 0
      },
    },
    backup: {
      summary: 'Write every table to one portable file (gzip’d JSON lines)',
      usage: '<file>',
      database: true,
      run: async (ctx, args) => {
        const file = args[0]
        if (!file) throw new UsageError('Name the file to write, e.g. npx gachi backup gachi-2026-11-23.gz')
        const header = await backupDatabase(ctx.database, resolve(file), { progress: ctx.progress })
        const rows = header.tables.reduce((n, t) => n + t.rows, 0)
        io.out(`Backup written to ${resolve(file)}: ${header.tables.length} tables, ${rows} rows.`)
        return 0
      },
    },
    restore: {
      summary: 'Load a backup file into an empty database (refuses one that has data)',
      usage: '<file>',
      database: true,
      run: async (ctx, args) => {
        const file = args[0]
        if (!file)
          throw new UsageError('Name the backup file to load, e.g. npx gachi restore gachi-2026-11-23.gz')
        const header = await restoreDatabase(ctx.database, resolve(file), { progress: ctx.progress })
        const rows = header.tables.reduce((n, t) => n + t.rows, 0)
        io.out(`Restored ${header.tables.length} tables, ${rows} rows, from a backup of ${header.createdAt}.`)
        return 0
      },
    },
    worker: {
      summary: 'Run the job worker (messages, scheduled jobs) in this process until Ctrl-C / SIGTERM',
      database: true,
      run: async (ctx) => {
        if (ctx.database.kind === 'pglite')
          io.out(
            'Note: with the embedded database only one process can open the data folder, so the web server ' +
              'must be stopped (or use GACHI_WORKER=inline, the default). A separate worker is meant for PostgreSQL.',
          )
        const worker = createWorker(ctx.database, ctx.config, ctx.log)
        worker.start()
        io.out(`Worker running (PID ${process.pid}). Stop it with Ctrl-C or SIGTERM.`)
        const signal = await new Promise<string>((done) => {
          process.once('SIGINT', () => done('SIGINT'))
          process.once('SIGTERM', () => done('SIGTERM'))
        })
        io.out(`${signal}: finishing the current job…`)
        await worker.stop()
        io.out('Worker stopped.')
        return 0
      },
    },
  }
}

function domainCommands(): Record<string, Command & { domain: string }> {
  const out: Record<string, Command & { domain: string }> = {}
  for (const d of DOMAINS) {
    for (const [name, c] of Object.entries(d.commands ?? {}) as [string, CliCommand][]) {
      out[name] = {
        domain: d.name,
        summary: c.summary,
        usage: c.usage,
        database: true,
        run: async (ctx, args) => {
          await c.run(ctx, args)
          return 0
        },
      }
    }
  }
  return out
}

/** Every command: the built-in ones and each domain's `commands`. A domain may not shadow a built-in. */
export function commands(io: CliIo): Record<string, Command> {
  const base = builtins(io)
  const fromDomains = domainCommands()
  for (const [name, c] of Object.entries(fromDomains)) {
    if (name in base || name === 'help')
      throw new Error(`Domain ${c.domain} defines CLI command "${name}", which is built in`)
  }
  return { ...base, ...fromDomains }
}

function helpText(all: Record<string, Command>): string {
  const width = Math.max(...Object.keys(all).map((n) => n.length), 4) + 2
  const lines = [
    'Gachi (같이) command line',
    '',
    'Usage: npx gachi <command> [arguments]',
    '',
    'Commands:',
    `  ${'help'.padEnd(width)}Show this list`,
    ...Object.entries(all).map(
      ([n, c]) =>
        `  ${n.padEnd(width)}${c.summary}${c.usage ? `\n  ${''.padEnd(width)}  ${n} ${c.usage}` : ''}`,
    ),
    '',
    'Configuration comes from the same environment variables as the server (see docs/operations.md):',
    'DATABASE_URL for PostgreSQL, otherwise the embedded database in GACHI_DATA_DIR (default ./.gachi).',
  ]
  return lines.join('\n')
}

/** A readable line for an error a person can act on; null for a bug (printed with its stack). */
function explain(e: unknown): string | null {
  if (e instanceof DataDirLockedError || e instanceof BackupError || e instanceof UsageError) return e.message
  if (isAppError(e)) {
    const fields = Object.entries(e.fields).map(
      ([f, key]) => `  ${f}: ${translate('en', key, e.fieldParams[f])}`,
    )
    return [translate('en', e.message, e.params), ...fields].join('\n')
  }
  if (e instanceof Error && e.message.startsWith('Invalid configuration:')) return e.message
  return null
}

/**
 * Runs one CLI command and returns the exit code. `env` is the process environment: the configuration
 * is parsed from it by loadConfig(), and commands ask for secrets (GACHI_NEW_PASSWORD) through ctx.secret.
 */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo = terminalIo(),
): Promise<number> {
  const [name = 'help', ...args] = argv
  let all: Record<string, Command>
  try {
    all = commands(io)
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e))
    return 1
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    io.out(helpText(all))
    return 0
  }
  const command = all[name]
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${helpText(all)}`)
    return 2
  }
  let database: Database | null = null
  try {
    const config: Config = loadConfig(env)
    const log: Logger = createLogger(config.LOG_LEVEL)
    registerDomains() // message catalogues, for readable errors
    const progress = (m: string) => io.out(`  ${m}`)
    if (command.database) {
      database = await openConfiguredDatabase(config)
      io.out(
        database.kind === 'pglite'
          ? `Database: embedded PostgreSQL (PGlite) in ${config.dataDir}`
          : 'Database: PostgreSQL server',
      )
      progress('applying migrations')
      await database.migrate()
    }
    const ctx = {
      db: database?.db as Database['db'],
      database: database as Database,
      config,
      log,
      progress,
      secret: async (envName: string, question: string) => {
        const v = env[envName]
        if (v) return v
        return io.askSecret(question)
      },
    }
    return (await command.run(ctx, args)) ?? 0
  } catch (e) {
    const message = explain(e)
    if (e instanceof UsageError) {
      io.err(`${message}\n\nUsage: npx gachi ${name} ${command.usage ?? ''}`)
      return 2
    }
    if (message) io.err(message)
    else io.err(e instanceof Error ? (e.stack ?? e.message) : String(e))
    return 1
  } finally {
    await database?.close()
  }
}

/** Reads a line from the terminal without echo; from a pipe, reads the first line. */
async function askHidden(question: string): Promise<string> {
  const { createInterface } = await import('node:readline')
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin })
    try {
      for await (const line of rl) return line
      throw new UsageError('No secret given: set the environment variable or type it when asked.')
    } finally {
      rl.close()
    }
  }
  process.stdout.write(question)
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  // why: readline echoes what is typed; muting its output hides the password
  const muted = rl as unknown as { _writeToOutput: (s: string) => void }
  muted._writeToOutput = () => {}
  try {
    return await new Promise<string>((done) => rl.question('', done))
  } finally {
    rl.close()
    process.stdout.write('\n')
  }
}

function terminalIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    askSecret: askHidden,
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href
if (invokedDirectly) {
  runCli(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e)
      process.exit(1)
    },
  )
}
