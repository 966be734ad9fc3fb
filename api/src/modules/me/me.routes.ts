import { requestOrigin } from '../../core/context.ts'
import { ApiRoutes } from '../../core/route.ts'
import { BindingView } from '../households/household.schema.ts'
import { meViewSchema, PhoneCodeBody, ProfileBody, ProfileView } from './me.schema.ts'
import { getMe, getOwnProfile, saveOwnProfile, savePhoneFromWechat } from './me.service.ts'

const tags = ['我的 me']

/** The caller's own account, profile and consent. */
export function meRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.get('/me', { summary: '当前用户、角色与管辖范围、实名信息（脱敏）、房屋绑定', tags, response: meViewSchema(BindingView) },
    async (ctx, { actor }) => ({ data: await getMe(ctx.deps, actor) }))

  r.get('/me/profile', { summary: '我的实名信息（脱敏）', tags, response: ProfileView },
    async (ctx, { actor }) => ({ data: await getOwnProfile(ctx.deps, actor.id) }))

  r.put('/me/profile', { summary: '实名登记（姓名、身份证号、手机号，需同意个人信息处理规则）', tags, body: ProfileBody, response: ProfileView },
    async (ctx, { actor, body }) => ({ data: await saveOwnProfile(ctx.deps, actor, body, requestOrigin(ctx)) }))

  r.post('/me/phone', { summary: '用微信手机号授权 code 填写手机号', tags, body: PhoneCodeBody, response: ProfileView },
    async (ctx, { actor, body }) => ({ data: await savePhoneFromWechat(ctx.deps, actor, body.code, requestOrigin(ctx)) }))

  return r
}
