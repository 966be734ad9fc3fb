import { Input, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import Field from '../../components/Field'
import PageShell from '../../components/PageShell'
import { ErrorState, Loading } from '../../components/StateView'
import { asApiError, useResource } from '../../hooks/useResource'
import { getAuthOptions, listDemoAccounts, loginAsDemo, loginWithPassword, loginWithWechat } from '../../services/auth'
import { ApiError } from '../../services/request'
import type { DemoAccountDto } from '../../services/types'
import { roleLabel } from '../../utils/labels'
import { MINE_PAGE } from '../../utils/routes'
import ActionButton from '../../components/ActionButton'

const isWeapp = process.env.TARO_ENV === 'weapp'

/**
 * Taro's H5 router slides a page in over 300 ms; leaving it before that ends leaves the router's
 * timer behind, which then hides the page we went to (a blank 我的 after a quick demo login).
 */
const PAGE_ENTER_MS = 350
let shownAt = 0

/** Back to where the user came from, or to 我的 — once the login page has finished entering. */
function leaveLogin() {
  const go = () => {
    if (Taro.getCurrentPages().length > 1) Taro.navigateBack()
    else Taro.switchTab({ url: MINE_PAGE })
  }
  const wait = shownAt + PAGE_ENTER_MS - Date.now()
  if (wait > 0) setTimeout(go, wait)
  else go()
}

/** A failed login as shown: too many attempts says how many seconds to wait. */
function loginError(e: unknown): ApiError {
  const err = asApiError(e)
  if (err.code !== 'RATE_LIMITED' || err.retryAfterSeconds === undefined) return err
  return new ApiError({ ...err, message: `尝试次数过多，请 ${Math.max(1, err.retryAfterSeconds)} 秒后再试` })
}

/** Login: WeChat (weapp), demo-account picker (dev/demo servers), staff username + password. */
export default function LoginPage() {
  useDidShow(() => {
    shownAt = Date.now()
  })
  const options = useResource(async () => {
    const opts = await getAuthOptions()
    const accounts = opts.devLogin ? await listDemoAccounts() : []
    return { opts, accounts }
  })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError>()

  async function run(action: () => Promise<unknown>) {
    if (busy) return
    setBusy(true)
    setError(undefined)
    try {
      await action()
      Taro.showToast({ title: '登录成功', icon: 'success' })
      leaveLogin()
    } catch (e) {
      setError(loginError(e))
    } finally {
      setBusy(false)
    }
  }

  const wechatLogin = () =>
    run(async () => {
      const { code } = await Taro.login()
      await loginWithWechat(code)
    })

  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>登录邻里通</View>
        <View className='hero__sub'>登录后可进行实名登记、绑定房屋和查看办理进度</View>
      </View>
      {error ? <View className='banner banner--error' role='alert'>{error.message}</View> : null}
      {options.loading ? <Loading /> : null}
      {options.error ? <ErrorState error={options.error} onRetry={options.reload} /> : null}
      {options.data ? (
        <View>
          {isWeapp ? (
            <View className='card'>
              <ActionButton block disabled={busy} onClick={wechatLogin}>
                微信一键登录
              </ActionButton>
            </View>
          ) : null}
          {options.data.opts.devLogin ? <DemoPicker accounts={options.data.accounts} busy={busy} onPick={(u) => run(() => loginAsDemo(u))} /> : null}
          {options.data.opts.password ? <PasswordForm busy={busy} onSubmit={(u, p) => run(() => loginWithPassword(u, p))} /> : null}
        </View>
      ) : null}
    </PageShell>
  )
}

function DemoPicker({ accounts, busy, onPick }: { accounts: DemoAccountDto[]; busy: boolean; onPick: (username: string) => void }) {
  const staff = accounts.filter((a) => a.isStaff)
  const residents = accounts.filter((a) => !staff.includes(a))
  const group = (title: string, list: DemoAccountDto[]) =>
    list.length ? (
      <View>
        <View className='section-title'>{title}</View>
        {list.map((a) => (
          <View key={a.username} id={`demo-${a.username}`} className='row account' onClick={() => !busy && onPick(a.username)}>
            <View>
              <View className='item__title'>{a.displayName}</View>
              <View className='item__meta'>{a.roles.map(roleLabel).join('、')}</View>
            </View>
            <View className='muted'>{a.username}</View>
          </View>
        ))}
      </View>
    ) : null
  return (
    <View className='card' id='demo-picker'>
      <View className='card__title'>选择演示账号</View>
      <View className='muted'>仅开发和演示环境提供，正式环境不会出现。点选即登录。</View>
      {accounts.length === 0 ? <View className='muted'>没有可用的演示账号。</View> : null}
      {group('居民', residents)}
      {group('工作人员', staff)}
    </View>
  )
}

function PasswordForm({ busy, onSubmit }: { busy: boolean; onSubmit: (username: string, password: string) => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [missing, setMissing] = useState<{ username?: string; password?: string }>({})

  const submit = () => {
    const m = { username: username.trim() ? undefined : '请输入账号', password: password ? undefined : '请输入密码' }
    setMissing(m)
    if (!m.username && !m.password) onSubmit(username.trim(), password)
  }

  return (
    <View className='card'>
      <View className='card__title'>工作人员账号登录</View>
      <Field label='账号' error={missing.username} id='login-username'>
        <Input className='input' value={username} placeholder='请输入账号' onInput={(e) => setUsername(e.detail.value)} />
      </Field>
      <Field label='密码' error={missing.password} id='login-password'>
        <Input className='input' password value={password} placeholder='请输入密码' onInput={(e) => setPassword(e.detail.value)} />
      </Field>
      <ActionButton block disabled={busy} onClick={submit}>
        登录
      </ActionButton>
    </View>
  )
}
