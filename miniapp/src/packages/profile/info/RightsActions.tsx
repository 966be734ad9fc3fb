import { Input, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import { asApiError } from '../../../hooks/useResource'
import { DELETE_ACCOUNT_PHRASE, deleteAccount, withdrawRealNameConsent } from '../../../services/me'
import { clearSession } from '../../../stores/session'
import { LOGIN_PAGE } from '../../../utils/routes'

function Consequences({ items }: { items: string[] }) {
  return (
    <View className='consequences'>
      {items.map((text) => (
        <View key={text} className='consequences__item'>· {text}</View>
      ))}
    </View>
  )
}

const failed = (e: unknown) => Taro.showModal({ title: '操作失败', content: asApiError(e).message, showCancel: false, confirmText: '知道了' })

/**
 * 撤回实名同意: says first what stops working, confirms, then erases the name, ID number and phone
 * and ends every household binding (the account and its messages stay).
 */
export function WithdrawConsent({ onDone }: { onDone: () => void }) {
  const [busy, setBusy] = useState(false)
  const withdraw = async () => {
    const { confirm } = await Taro.showModal({
      title: '撤回实名同意',
      content: '撤回后，您的姓名、身份证号和手机号将被删除，已绑定和申请中的房屋全部解除。确定撤回吗？',
      confirmText: '撤回',
      cancelText: '取消',
    })
    if (!confirm) return
    setBusy(true)
    try {
      await withdrawRealNameConsent()
      Taro.showToast({ title: '已撤回同意', icon: 'success' })
      onDone()
    } catch (e) {
      await failed(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='card' id='withdraw-consent'>
      <View className='card__title'>撤回实名同意</View>
      <View className='muted'>撤回后：</View>
      <Consequences
        items={[
          '姓名、身份证号和手机号将被删除',
          '已绑定和申请中的房屋全部解除，不能再申请绑定房屋',
          '收不到按房屋发送的社区公告，不能办理需要实名的事项',
          '账号和消息记录保留，您可以随时重新实名登记',
        ]}
      />
      <ActionButton kind='danger' block id='withdraw-consent-button' disabled={busy} onClick={withdraw}>
        {busy ? '处理中…' : '撤回实名同意'}
      </ActionButton>
    </View>
  )
}

/**
 * 注销账号, set apart as a danger zone: the consequences, then typing 注销账号 to confirm. On
 * success this device forgets the session (the server revoked them all) and opens the login page.
 */
export function DeleteAccount() {
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const ready = typed.trim() === DELETE_ACCOUNT_PHRASE

  const remove = async () => {
    if (!ready) {
      setError(typed.trim() ? `输入的内容不一致，请输入「${DELETE_ACCOUNT_PHRASE}」四个字` : `请先输入「${DELETE_ACCOUNT_PHRASE}」`)
      return
    }
    setError(undefined)
    setBusy(true)
    try {
      await deleteAccount()
      clearSession()
      Taro.showToast({ title: '账号已注销', icon: 'success' })
      await Taro.reLaunch({ url: LOGIN_PAGE })
    } catch (e) {
      setBusy(false)
      await failed(e)
    }
  }

  return (
    <View className='card danger-zone' id='delete-account'>
      <View className='card__title'>注销账号</View>
      <View className='muted'>注销后：</View>
      <Consequences
        items={[
          '姓名、身份证号、手机号等个人信息被删除，其余记录匿名化处理',
          '房屋绑定解除，消息和订阅清除，所有设备退出登录',
          '法律法规要求保存的操作记录只保留账号编号，不含个人信息',
          '注销后无法恢复，也不能再用此账号登录',
        ]}
      />
      <Field label={`请输入「${DELETE_ACCOUNT_PHRASE}」以确认`} error={error} id='delete-confirm'>
        <Input className='input' value={typed} maxlength={10} placeholder={DELETE_ACCOUNT_PHRASE} onInput={(e) => {
            setTyped(e.detail.value)
            setError(undefined)
          }} />
      </Field>
      <ActionButton kind='danger' block id='delete-account-button' disabled={busy} onClick={remove}>
        {busy ? '正在注销…' : '注销账号'}
      </ActionButton>
    </View>
  )
}
