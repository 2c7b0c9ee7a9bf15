import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { DataDirLockedError, lockDataDir } from './lock.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const dirs: string[] = []
const children: ChildProcess[] = []

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gachi-lock-'))
  dirs.push(d)
  return d
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((done) => child.once('exit', (code) => done(code)))
}

/** A process that stays alive for a while, to stand in for another Gachi process. */
function sleeper(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' })
  children.push(child)
  return child
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('lockDataDir', () => {
  it('refuses the folder while the process holding it is alive', () => {
    const dir = tempDir()
    const holder = sleeper()
    writeFileSync(join(dir, 'gachi.lock'), String(holder.pid))
    let error: unknown
    try {
      lockDataDir(dir)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DataDirLockedError)
    expect(error).toMatchObject({ dir, pid: holder.pid })
    expect((error as Error).message).toMatch(/already in use by another Gachi process/)
    expect(readFileSync(join(dir, 'gachi.lock'), 'utf8')).toBe(String(holder.pid))
  })

  it('takes over a lock left by a process that has exited, and releases it', async () => {
    const dir = tempDir()
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    await exited(gone)
    writeFileSync(join(dir, 'gachi.lock'), String(gone.pid))
    const release = lockDataDir(dir)
    expect(readFileSync(join(dir, 'gachi.lock'), 'utf8')).toBe(String(process.pid))
    release()
    expect(existsSync(join(dir, 'gachi.lock'))).toBe(false)
    release() // twice is harmless
  })

  it('takes over a lock file that holds no PID', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'gachi.lock'), '')
    const release = lockDataDir(dir)
    expect(readFileSync(join(dir, 'gachi.lock'), 'utf8')).toBe(String(process.pid))
    release()
  })

  it('keeps out another process while this one holds the lock', async () => {
    const dir = tempDir()
    const release = lockDataDir(dir)
    try {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import('./src/platform/db/lock.ts').then((m) => { try { m.lockDataDir(${JSON.stringify(dir)}); process.exit(0) } catch (e) { console.error(e.message); process.exit(e instanceof m.DataDirLockedError ? 3 : 1) } })`,
        ],
        { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
      )
      children.push(child)
      let stderr = ''
      child.stderr?.on('data', (d) => {
        stderr += String(d)
      })
      expect(await exited(child)).toBe(3)
      expect(stderr).toContain(`PID ${process.pid}`)
    } finally {
      release()
    }
  })
})

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      const port = typeof address === 'object' && address ? address.port : 0
      s.close(() => done(port))
    })
  })
}

/** Starts the real server (`node --import tsx src/main.ts`) and collects what it prints. */
function startServer(env: Record<string, string>) {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env }
  delete childEnv.DATABASE_URL // this is about the embedded database
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  const out = { stdout: '', stderr: '' }
  child.stdout?.on('data', (d) => {
    out.stdout += String(d)
  })
  child.stderr?.on('data', (d) => {
    out.stderr += String(d)
  })
  return { child, out }
}

async function waitFor(check: () => boolean, what: string, ms: number): Promise<void> {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('the server on one data folder', () => {
  it('refuses a second server on the same folder and shuts down cleanly on SIGTERM', async () => {
    const dir = tempDir()
    const env = {
      GACHI_DATA_DIR: dir,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      GACHI_MODE: 'production',
      NODE_ENV: 'test',
    }
    const first = startServer({ ...env, PORT: String(await freePort()) })
    await waitFor(
      () => first.out.stdout.includes('Gachi is running') || first.child.exitCode !== null,
      'the first server',
      80_000, // ~10 s on an idle machine; parallel test runs slow it down
    )
    expect(first.out.stdout, first.out.stderr).toContain('Gachi is running')
    expect(readFileSync(join(dir, 'gachi.lock'), 'utf8')).toBe(String(first.child.pid))
    const port = /http:\/\/localhost:(\d+)/.exec(first.out.stdout)?.[1]
    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(health.status).toBe(200)

    const second = startServer({ ...env, PORT: String(await freePort()) })
    expect(await exited(second.child)).toBe(1)
    expect(second.out.stderr).toMatch(/already in use by another Gachi process \(PID \d+\)/)
    expect(second.out.stdout).not.toContain('Gachi is running')

    first.child.kill('SIGTERM')
    expect(await exited(first.child)).toBe(0)
    expect(existsSync(join(dir, 'gachi.lock'))).toBe(false)
  }, 120_000)
})
