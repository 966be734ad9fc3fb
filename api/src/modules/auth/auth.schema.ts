import { z } from 'zod'
import { UserPoliciesView } from '../me/me.schema.ts'

export const WechatLoginBody = z.object({ code: z.string().trim().min(1).max(128) }).strict()
export const DevLoginBody = z.object({ username: z.string().trim().min(1).max(64) }).strict()
export const PasswordLoginBody = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(128),
    deviceToken: z.string().max(128).optional().describe('the deviceToken of an earlier login of this account on this device'),
  })
  .strict()
export const ChangePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(128) })
  .strict()
export const RefreshBody = z.object({ refreshToken: z.string().min(20).max(200) }).strict()

export const UserSummary = z.object({
  id: z.number().int(),
  displayName: z.string(),
  roles: z.array(z.string()),
  isStaff: z.boolean(),
  policies: UserPoliciesView,
})

export const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int().describe('access token lifetime in seconds'),
  user: UserSummary,
})

export const PasswordLoginView = TokenPair.extend({
  deviceToken: z.string().describe('keep it on this device (not cleared on logout) and send it with the next password login of this account'),
})

export const AuthOptions = z.object({
  devLogin: z.boolean(),
  wechat: z.boolean(),
  password: z.boolean(),
})

export const DemoAccount = z.object({ username: z.string(), displayName: z.string(), roles: z.array(z.string()), isStaff: z.boolean() })
