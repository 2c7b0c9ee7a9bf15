/**
 * The real server as a child process (`node --import tsx src/main.ts`) for the long tests: started on a free
 * loopback port with a given environment, waited for until /readyz answers, and stopped with a signal.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url))

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

export interface Server {
  port: number
  base: string
  child: ChildProcess
  /** Everything the server printed (for failure messages). */
  output(): string
  /** Resolves when the process has exited. */
  exited: Promise<number | string>
}

/** Starts src/main.ts with `env` (plus PORT/HOST) and waits until /readyz says ready (or fails after 60 s). */
export async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString()
  })
  const exited = new Promise<number | string>((r) =>
    child.once('exit', (code, signal) => r(code ?? signal ?? 'unknown')),
  )
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  let gone = false
  void exited.then(() => {
    gone = true
  })
  for (;;) {
    if (gone) throw new Error(`server exited during start:\n${out}`)
    try {
      const r = await fetch(`${base}/readyz`)
      if (r.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server not ready after 60 s:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { port, base, child, output: () => out, exited }
}

/** Sends `signal` and waits for the process to end. */
export async function stopServer(s: Server, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill(signal)
  return s.exited
}
