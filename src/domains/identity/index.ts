import type { DomainModule } from '../../platform/domain.ts'
import { identityMessages } from './messages.ts'
import { identityNav, identityPages } from './pages.tsx'
import { identityApi } from './routes.ts'
import { seedDemoIdentity } from './seed.ts'
import { createStaff } from './service.ts'

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
      usage: '--username <name> --name <display name> --role <role> [--email <email>] (password read from GACHI_NEW_PASSWORD or prompted)',
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
  },
}
