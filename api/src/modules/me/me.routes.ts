import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { BindingView } from '../households/household.schema.ts'
import { deleteAccount, exportMyData, withdrawRealNameConsent } from './me.privacy.ts'
import { DeleteAccountBody, meViewSchema, MyDataView, PhoneCodeBody, ProfileBody, ProfileView, WithdrawConsentBody } from './me.schema.ts'
import { getOwnProfile, meAnswer, saveOwnProfile, savePhoneFromWechat } from './me.service.ts'

const tags = ['我的 me']

/** The caller's own account, profile and consent. */
export function meRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.get('/me', { summary: '当前用户、角色与管辖范围、实名信息（脱敏）、房屋绑定', tags, response: meViewSchema(BindingView) },
    async (ctx, { actor }) => meAnswer(ctx.deps, actor))

  r.get('/me/profile', { summary: '我的实名信息（脱敏）', tags, response: ProfileView },
    async (ctx, { actor }) => ({ data: await getOwnProfile(ctx.deps, actor.id) }))

  r.put('/me/profile', {
    summary: '实名登记（姓名、身份证号、手机号，需同意个人信息处理规则）',
    description: '每人每小时限几次（429 + Retry-After）。身份证号已登记在其他账号时不拒绝，而是转社区核实（identityStatus: review）。已核实的姓名或身份证号被修改时，已通过的房屋绑定回到待审核。',
    tags, body: ProfileBody, response: ProfileView,
  },
    async (ctx, { actor, body }) => ({ data: await saveOwnProfile(ctx.deps, actor, body, requestOrigin(ctx)) }))

  r.post('/me/phone', { summary: '用微信手机号授权 code 填写手机号', tags, body: PhoneCodeBody, response: ProfileView },
    async (ctx, { actor, body }) => ({ data: await savePhoneFromWechat(ctx.deps, actor, body.code, requestOrigin(ctx)) }))

  r.get('/me/data', { summary: '我的个人信息副本（完整、未脱敏；留痕并在消息中心提示）', tags, response: MyDataView },
    async (ctx, { actor }) => ({ data: await exportMyData(ctx.deps, actor, requestOrigin(ctx)) }))

  r.post('/me/consents/real_name/withdraw', { summary: '撤回实名信息授权（删除姓名、身份证号、手机号，解除房屋绑定）', tags, body: WithdrawConsentBody, response: ProfileView },
    async (ctx, { actor }) => ({ data: await withdrawRealNameConsent(ctx.deps, actor, requestOrigin(ctx)) }))

  r.post('/me/delete', { summary: '注销账号（删除个人信息，退出全部登录）', tags, body: DeleteAccountBody },
    async (ctx, { actor }) => {
      await deleteAccount(ctx.deps, actor, requestOrigin(ctx))
      return undefined
    })

  return r
}
