import { verifyAccessLog } from '../../platform/audit/access-log.ts'
import { keyRotators, keyringFromConfig, useKeyring } from '../../platform/crypto/fields.ts'
import type { DomainModule } from '../../platform/domain.ts'
import { peopleMessages } from './messages.ts'
import { peopleNav, peoplePages } from './pages.tsx'
import { runRetention } from './retention.ts'
import { rotateKeys } from './rotation.ts'
import { peopleApi } from './routes.ts'

export { type PersonHooks, type RetentionHold, registerPersonHooks } from './hooks.ts'
export { grantSensitiveConsent, hasSensitiveConsent, recordProxy } from './service.ts'

/**
 * People: one record per person across programmes, citizen verification by text message, acting on
 * someone's behalf, sensitive-data consent, erasure and retention; plus the access log's CLI.
 */
export const peopleDomain: DomainModule = {
  name: 'people',
  routes: [...peoplePages, ...peopleApi],
  messages: peopleMessages,
  staffNav: peopleNav,
  jobs: {
    'people.retention': async ({ db, now, log }) => {
      const counts = await runRetention(db, now)
      log.info({ counts }, 'retention run')
    },
  },
  schedules: [{ kind: 'people.retention', every: 'daily', hour: 3 }],
  commands: {
    'rotate-keys': {
      summary: 'Re-encrypt personal data with the newest key in GACHI_DATA_KEYS',
      usage: '(put the new key first in GACHI_DATA_KEYS, keep the old ones until this finishes)',
      run: async (ctx) => {
        useKeyring(keyringFromConfig(ctx.config))
        const r = await rotateKeys(ctx.db, ctx.progress)
        ctx.progress(`done: ${r.persons} people, ${r.challenges} verification codes`)
        for (const [name, rotate] of keyRotators())
          ctx.progress(`done: ${await rotate(ctx.db, ctx.progress)} ${name}`)
      },
    },
    'verify-access-log': {
      summary: 'Check the access log hash chain; exits non-zero when it is broken',
      run: async (ctx) => {
        const r = await verifyAccessLog(ctx.db)
        if (!r.ok) {
          ctx.progress(
            `access log BROKEN at row ${r.brokenAt}: ${r.reason} (${r.count} rows verified before it)`,
          )
          process.exitCode = 1
          throw new Error(`access log chain broken at row ${r.brokenAt}: ${r.reason}`)
        }
        ctx.progress(`access log OK: ${r.count} rows, head ${r.headSeq} ${r.headHash}`)
      },
    },
  },
}
