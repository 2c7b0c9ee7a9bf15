import { isRole } from '../../platform/auth/permissions.ts'
import { registerKeyRotation } from '../../platform/crypto/fields.ts'
import type { DomainModule } from '../../platform/domain.ts'
import { AppError } from '../../platform/http/errors.ts'
import { identityMessages } from './messages.ts'
import { identityNav, identityPages } from './pages.tsx'
import { identityApi } from './routes.ts'
import { seedDemoIdentity } from './seed.ts'
import { createStaff, createToken, rotateStaffSecrets } from './service.ts'

registerKeyRotation('staff second-factor secrets', rotateStaffSecrets)

/** Staff accounts, organisations, sign-in and sessions. */
export const identityDomain: DomainModule = {
  name: 'identity',
  routes: [...identityPages, ...identityApi],
  messages: identityMessages,
  seedDemo: seedDemoIdentity,
  staffNav: identityNav,
  commands: {
    'create-staff': {
      summary: 'Create a staff account (the first admin in production)',
      usage:
        '--username <name> --name <display name> --role <role> [--email <email>] (password read from GACHI_NEW_PASSWORD or prompted)',
      run: async (ctx, args) => {
        const opt = (n: string) => {
          const i = args.indexOf(`--${n}`)
          return i >= 0 ? args[i + 1] : undefined
        }
        const password = await ctx.secret('GACHI_NEW_PASSWORD', 'Password (10+ characters): ')
        const staff = await createStaff(ctx.db, 'system', {
          username: opt('username'),
          displayName: opt('name') ?? opt('username'),
          role: opt('role') ?? 'admin',
          email: opt('email'),
          password,
        })
        ctx.progress(`created ${staff.username} (${staff.role})`)
      },
    },
    'create-token': {
      summary: 'Create a personal access token for integrations; prints the token alone on the last line',
      usage: '--role <role> --name <label> [--days <1-365, default 90>]',
      run: async (ctx, args) => {
        const opt = (n: string) => {
          const i = args.indexOf(`--${n}`)
          return i >= 0 ? args[i + 1] : undefined
        }
        const role = opt('role')
        const name = opt('name')
        const days = Number(opt('days') ?? 90)
        if (!isRole(role) || !name || !Number.isInteger(days) || days < 1 || days > 365)
          throw new AppError('validation', 'validation.summary', {
            ...(isRole(role) ? {} : { role: 'validation.choose' }),
            ...(name ? {} : { name: 'validation.required' }),
          })
        const r = await createToken(ctx.db, 'system', { name, role, days }, new Date())
        ctx.progress(`token "${name}" with role ${role}, expires ${r.expiresAt.toISOString()}`)
        process.stdout.write(`${r.token}\n`)
      },
    },
  },
}
