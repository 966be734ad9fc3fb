import { z } from 'zod'
import { MOBILE_RE, PII_MESSAGES, REAL_NAME_MAX, REAL_NAME_MIN, REAL_NAME_RE, parseIdNumber } from '../../core/pii.ts'

export const RealName = z
  .string()
  .trim()
  .min(REAL_NAME_MIN, PII_MESSAGES.nameShort)
  .max(REAL_NAME_MAX, PII_MESSAGES.nameLong)
  .regex(REAL_NAME_RE, PII_MESSAGES.nameChars)

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

export const Phone = z.string().trim().regex(MOBILE_RE, PII_MESSAGES.phoneShape)

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
  isVerified: z.boolean().describe('real name and ID number on file, the number confirmed as this account\'s'),
  identityStatus: z.enum(['none', 'verified', 'review']).describe('review: the ID number is also on file for another account; committee staff check it'),
  phoneSource: z.enum(['form', 'wechat']).nullable().describe('where the phone on file came from (null: none on file)'),
  consent: z.object({ granted: z.boolean(), policyVersion: z.string().nullable(), grantedAt: z.string().nullable() }),
})

/** What the mini-program offers the caller by role (me.policy.ts userPolicies); records carry their own policies. */
export const UserPoliciesView = z.object({
  workbench: z.boolean().describe('工作台 (any staff role)'),
  fileReport: z.boolean().describe('随手拍: file reports as a resident'),
  reportInbox: z.boolean().describe('诉求工单'),
  patrol: z.boolean().describe('巡查上报'),
  visits: z.boolean().describe('民情日志'),
  ownFigures: z.boolean().describe('我的考核 (grid workers and department staff)'),
  gridRanking: z.boolean().describe('考核测评: per-grid figures and the ranking'),
  leaves: z.boolean().describe('网格员请假 (see)'),
  registerLeave: z.boolean().describe('网格员请假 (register one\'s own)'),
  bookingDesk: z.boolean().describe('预约窗口 and 预约服务'),
  elections: z.boolean().describe('换届选举 management'),
  disclosures: z.boolean().describe('三务公开 publishing'),
  consultations: z.boolean().describe('议题管理 (committee staff and administrators)'),
  composeNotices: z.boolean().describe('公告管理 and 发布公告'),
  identityReviews: z.boolean().describe('身份核实 (committee staff decide; street staff see)'),
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
    policies: UserPoliciesView,
  })

/** What each consent purpose covers, as residents read it. */
export const CONSENT_LABELS: Record<string, string> = { real_name: '实名信息（姓名、身份证号、手机号）', phone: '微信手机号' }

export const GENDER_LABELS = { male: '男', female: '女' } as const
export const PHONE_SOURCE_LABELS: Record<string, string> = { form: '本人填写', wechat: '微信手机号授权' }

export const WithdrawConsentBody = z.object({ confirm: z.literal(true, { message: '请确认撤回授权' }) }).strict()
export const DeleteAccountBody = z.object({ confirm: z.literal('注销账号', { message: '请输入“注销账号”确认' }) }).strict()

const at = z.string().describe('ISO time')
/** GET /me/data: everything held about the caller, unmasked (their own data). */
export const MyDataView = z.object({
  exportedAt: at,
  account: z.object({ id: z.number().int(), username: z.string().nullable(), displayName: z.string(), createdAt: at, lastLoginAt: at.nullable(), roles: z.array(z.string()) }),
  profile: z.object({
    realName: z.string().nullable(), idNumber: z.string().nullable(), phone: z.string().nullable(),
    idNumberMasked: z.string().nullable().describe('as every other answer shows it'), phoneMasked: z.string().nullable(),
    gender: z.enum(['male', 'female']).nullable(), genderLabel: z.string().nullable(),
    phoneSource: z.string().nullable(), phoneSourceLabel: z.string().nullable(), updatedAt: at,
  }).nullable(),
  consents: z.array(z.object({ purpose: z.string(), purposeLabel: z.string(), policyVersion: z.string(), grantedAt: at, withdrawnAt: at.nullable() })),
  households: z.array(z.object({
    id: z.number().int(), address: z.string(), relation: z.string(), relationLabel: z.string(), status: z.string(), statusLabel: z.string(), createdAt: at, reviewedAt: at.nullable(),
  })),
  messages: z.array(z.object({ title: z.string(), body: z.string(), createdAt: at, readAt: at.nullable() })),
  noticeReads: z.array(z.object({ noticeId: z.number().int(), title: z.string(), readAt: at })),
  uploads: z.array(z.object({ id: z.number().int(), url: z.string(), contentType: z.string(), size: z.number().int(), createdAt: at })),
  subscriptions: z.array(z.object({ templateId: z.string(), remaining: z.number().int() })),
  sessions: z.array(z.object({ createdAt: at, revokedAt: at.nullable() })),
  identityReviews: z.array(z.object({ status: z.string(), statusLabel: z.string(), createdAt: at, decidedAt: at.nullable() })),
})
