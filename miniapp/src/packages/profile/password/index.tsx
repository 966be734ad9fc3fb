import { Input, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import PageShell from '../../../components/PageShell'
import { Empty } from '../../../components/StateView'
import { asApiError } from '../../../hooks/useResource'
import { useSession } from '../../../hooks/useSession'
import { changePassword } from '../../../services/me'
import '../profile.css'

type Name = 'currentPassword' | 'newPassword' | 'repeat'
type Errors = Partial<Record<Name, string>>

/** The API's rule for a new password: at least 8 characters with letters and digits. */
function newPasswordError(value: string, current: string): string | undefined {
  if (value.length < 8) return '新密码至少8位'
  if (!/[A-Za-z]/.test(value) || !/\d/.test(value)) return '新密码需同时包含字母和数字'
  if (value === current) return '新密码不能与当前密码相同'
  return undefined
}

/**
 * 修改密码 for staff: current password, new password twice. The API signs out every other device
 * and answers with this device's new session, which is kept.
 */
export default function PasswordPage() {
  const session = useSession()
  const [values, setValues] = useState<Record<Name, string>>({ currentPassword: '', newPassword: '', repeat: '' })
  const [errors, setErrors] = useState<Errors>({})
  const [banner, setBanner] = useState<string>()
  const [saving, setSaving] = useState(false)
  const set = (name: Name) => (e: { detail: { value: string } }) => setValues((v) => ({ ...v, [name]: e.detail.value }))

  if (!session?.user.isStaff) {
    return (
      <PageShell>
        <Empty title='仅工作人员账号可以修改密码' hint='居民使用微信登录，无需密码。' />
      </PageShell>
    )
  }

  const submit = async () => {
    if (saving) return
    const found: Errors = {
      currentPassword: values.currentPassword ? undefined : '请输入当前密码',
      newPassword: newPasswordError(values.newPassword, values.currentPassword),
      repeat: values.repeat === values.newPassword ? undefined : '两次输入的新密码不一致',
    }
    setErrors(found)
    setBanner(undefined)
    if (Object.values(found).some(Boolean)) return
    setSaving(true)
    try {
      await changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword })
      await Taro.showModal({ title: '密码已修改', content: '其他设备上的登录已全部退出，本机保持登录。', showCancel: false, confirmText: '知道了' })
      Taro.navigateBack()
    } catch (e) {
      const err = asApiError(e)
      if (err.code === 'INVALID_CREDENTIALS') setErrors({ currentPassword: '当前密码不正确' })
      else if (err.fieldMessage('currentPassword') || err.fieldMessage('newPassword')) {
        setErrors({ currentPassword: err.fieldMessage('currentPassword'), newPassword: err.fieldMessage('newPassword') })
      } else if (err.code === 'RATE_LIMITED' && err.retryAfterSeconds !== undefined) {
        setBanner(`尝试次数过多，请 ${Math.max(1, err.retryAfterSeconds)} 秒后再试`)
      } else setBanner(err.message)
    } finally {
      setSaving(false)
    }
  }

  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>修改密码</View>
        <View className='hero__sub'>修改后，其他设备上的登录会全部退出。</View>
      </View>
      {banner ? <View className='banner banner--error' role='alert'>{banner}</View> : null}
      <View className='card'>
        <Field label='当前密码' error={errors.currentPassword} id='field-currentPassword'>
          <Input className='input' password value={values.currentPassword} maxlength={128} placeholder='请输入当前密码' onInput={set('currentPassword')} />
        </Field>
        <Field label='新密码' error={errors.newPassword} id='field-newPassword' hint='至少8位，同时包含字母和数字'>
          <Input className='input' password value={values.newPassword} maxlength={128} placeholder='请输入新密码' onInput={set('newPassword')} />
        </Field>
        <Field label='确认新密码' error={errors.repeat} id='field-repeat'>
          <Input className='input' password value={values.repeat} maxlength={128} placeholder='请再次输入新密码' onInput={set('repeat')} />
        </Field>
      </View>
      <ActionButton block id='submit-password' disabled={saving} onClick={submit}>
        {saving ? '提交中…' : '修改密码'}
      </ActionButton>
    </PageShell>
  )
}
