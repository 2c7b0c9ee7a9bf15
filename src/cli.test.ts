import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type CliIo, runCli } from './cli.ts'
import { lockDataDir } from './platform/db/lock.ts'

const dir = mkdtempSync(join(tmpdir(), 'gachi-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs a command in this process on an embedded database in `data`; returns its exit code and output. */
async function gachi(data: string, argv: string[], extra: Record<string, string> = {}) {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    // why: no terminal in tests; a command that asks must get its secret from the environment
    askSecret: async () => {
      throw new Error('asked for a secret')
    },
  }
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    GACHI_MODE: 'production',
    GACHI_DATA_DIR: join(dir, data),
    ...extra,
  }
  const code = await runCli(argv, env, io)
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('npx gachi', () => {
  it('lists the built-in and domain commands', async () => {
    const r = await gachi('none', ['help'])
    expect(r.code).toBe(0)
    for (const c of ['migrate', 'seed', 'backup', 'restore', 'worker', 'create-staff'])
      expect(r.out).toContain(`  ${c}`)
    expect((await gachi('none', ['no-such-command'])).code).toBe(2)
  })

  it('migrates, creates the first admin, backs up and restores into a new folder', async () => {
    expect((await gachi('a', ['migrate'])).code).toBe(0)
    const created = await gachi(
      'a',
      ['create-staff', '--username', 'first', '--name', '첫관리자', '--role', 'admin'],
      {
        GACHI_NEW_PASSWORD: 'a-long-enough-password',
      },
    )
    expect(created, created.err).toMatchObject({ code: 0 })
    expect(created.out).toContain('created first (admin)')

    const weak = await gachi('a', ['create-staff', '--username', 'second', '--role', 'admin'], {
      GACHI_NEW_PASSWORD: 'short',
    })
    expect(weak.code).toBe(1)
    expect(weak.err).toMatch(/password/i)

    const file = join(dir, 'a.gz')
    const backup = await gachi('a', ['backup', file])
    expect(backup.code).toBe(0)
    expect(backup.out).toMatch(/staff_users: 1 rows/)

    const restore = await gachi('b', ['restore', file])
    expect(restore, restore.err).toMatchObject({ code: 0 })
    const again = await gachi('b', ['restore', file])
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/needs an empty database.*staff_users/)
  }, 180_000)

  it('stops with the lock message when the data folder is in use', async () => {
    const release = lockDataDir(join(dir, 'locked'))
    try {
      // the lock holder is this process; a different PID is needed, so fake the file's owner as PID 1
      const { writeFileSync } = await import('node:fs')
      writeFileSync(join(dir, 'locked', 'gachi.lock'), '1')
      const r = await gachi('locked', ['migrate'])
      expect(r.code).toBe(1)
      expect(r.err).toMatch(/already in use by another Gachi process \(PID 1\)/)
    } finally {
      release()
    }
  })
})
