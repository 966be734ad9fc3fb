import { z } from 'zod'

export const WechatLoginBody = z.object({ code: z.string().trim().min(1).max(128) }).strict()
export const DevLoginBody = z.object({ username: z.string().trim().min(1).max(64) }).strict()
export const PasswordLoginBody = z
  .object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) })
  .strict()
export const RefreshBody = z.object({ refreshToken: z.string().min(20).max(200) }).strict()

export const UserSummary = z.object({
  id: z.number().int(),
  displayName: z.string(),
  roles: z.array(z.string()),
  isStaff: z.boolean(),
})

export const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int().describe('access token lifetime in seconds'),
  user: UserSummary,
})

export const AuthOptions = z.object({
  devLogin: z.boolean(),
  wechat: z.boolean(),
  password: z.boolean(),
})

export const DemoAccount = z.object({ username: z.string(), displayName: z.string(), roles: z.array(z.string()) })
