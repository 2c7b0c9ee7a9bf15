import { z } from 'zod'
import { ROLES } from '../../platform/auth/permissions.ts'

/** Passwords: 10–128 characters, no composition rules (NIST 800-63B). */
export const Password = z.string().min(10, 'identity.passwordTooShort').max(128, 'identity.passwordTooLong')

export const SignInForm = z.object({
  login: z.string().trim().min(1, 'identity.loginRequired').max(200),
  password: z.string().min(1, 'identity.passwordRequired').max(128, 'identity.passwordTooLong'),
  next: z.string().max(500).optional(),
})
export type SignInForm = z.infer<typeof SignInForm>

export const CreateStaffInput = z.object({
  username: z
    .string()
    .trim()
    .min(3)
    .max(64)
    .regex(/^[a-z0-9._-]+$/i, 'identity.usernameFormat'),
  displayName: z.string().trim().min(1).max(100),
  email: z.email().optional(),
  role: z.enum(ROLES),
  orgId: z.uuid().nullable().optional(),
  password: Password,
})
export type CreateStaffInput = z.infer<typeof CreateStaffInput>

export const Me = z.object({
  kind: z.enum(['staff', 'citizen']),
  id: z.string(),
  name: z.string().optional(),
  role: z.enum(ROLES).optional(),
  organisation: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
  via: z.enum(['session', 'token']).optional(),
})

export const CodeForm = z.object({
  code: z.string().trim().min(1, 'identity.codeRequired').max(20, 'identity.badCode'),
})

export const TokenForm = z.object({
  name: z.string().trim().min(1).max(80),
  days: z.coerce.number().int().min(1).max(365).default(90),
})

export const StaffForm = z.object({
  username: z.string().trim().min(3).max(64),
  displayName: z.string().trim().min(1).max(100),
  email: z.preprocess((v) => (v === '' ? undefined : v), z.email().optional()),
  role: z.enum(ROLES),
  orgId: z.preprocess((v) => (v === '' ? null : v), z.uuid().nullable()),
  password: z.string().min(10, 'identity.passwordTooShort').max(128, 'identity.passwordTooLong'),
})

/** An admin grants a staff member another organisation's records, with a reason and optional expiry. */
export const OrgGrantForm = z.object({
  orgId: z.uuid('identity.grants.orgRequired'),
  reason: z.string().trim().min(5, 'identity.grants.reasonRequired').max(300),
  days: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : v),
    z.coerce.number().int().min(1).max(365).optional(),
  ),
})
export type OrgGrantForm = z.infer<typeof OrgGrantForm>
