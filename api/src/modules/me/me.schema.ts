import { z } from 'zod'
import { MOBILE_RE, parseIdNumber } from '../../core/pii.ts'

export const RealName = z
  .string()
  .trim()
  .min(2, '姓名至少2个字')
  .max(32, '姓名不能超过32个字')
  .regex(/^[\u3400-\u9fffA-Za-z·•. ]+$/, '姓名只能包含汉字、字母和间隔号·')

export const IdNumber = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const r = parseIdNumber(s)
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason })
      return z.NEVER
    }
    return r.value.idNumber
  })

export const Phone = z.string().trim().regex(MOBILE_RE, '请输入11位大陆手机号')

export const ProfileBody = z
  .object({
    realName: RealName,
    idNumber: IdNumber,
    phone: Phone.optional().describe('may be left out when a phone is already on file (e.g. from WeChat)'),
    consent: z.literal(true, { message: '请阅读并同意《个人信息处理规则》' }),
  })
  .strict()

export const PhoneCodeBody = z.object({ code: z.string().trim().min(1).max(128) }).strict()

export const ProfileView = z.object({
  realName: z.string().nullable(),
  idNumber: z.string().nullable().describe('always masked, e.g. 110105********002X'),
  phone: z.string().nullable().describe('always masked, e.g. 138****1234'),
  gender: z.enum(['male', 'female']).nullable(),
  age: z.number().int().nullable(),
  isVerified: z.boolean().describe('real name and ID number on file'),
  consent: z.object({ granted: z.boolean(), policyVersion: z.string().nullable(), grantedAt: z.string().nullable() }),
})

const RoleView = z.object({
  role: z.string(),
  scopeType: z.string(),
  scopeId: z.number().int().nullable(),
  scopeName: z.string().nullable(),
})

/** GET /me. `households` is the list of the caller's binding requests (see BindingView). */
export const meViewSchema = (bindingView: z.ZodType) =>
  z.object({
    user: z.object({
      id: z.number().int(),
      username: z.string().nullable(),
      displayName: z.string(),
      roles: z.array(RoleView),
      isStaff: z.boolean(),
    }),
    scope: z.object({
      streetIds: z.array(z.number().int()),
      communityIds: z.array(z.number().int()),
      gridIds: z.array(z.number().int()),
      departmentIds: z.array(z.number().int()),
    }),
    grids: z.array(
      z.object({ id: z.number().int(), name: z.string(), communityId: z.number().int(), kind: z.enum(['primary', 'deputy']), onDuty: z.boolean() }),
    ),
    profile: ProfileView,
    households: z.array(bindingView),
  })
