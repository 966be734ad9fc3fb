import { Input, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import Field from '../../../components/Field'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { asApiError, useResource } from '../../../hooks/useResource'
import { getProfile, saveProfile, savePhoneFromWechat } from '../../../services/me'
import type { ProfileDto } from '../../../services/types'
import { idNumberError, normaliseIdNumber, phoneError } from '../../../utils/validators'
import { serverErrors, validateProfileForm, type Errors } from './form'
import { PRIVACY_RULES } from './rules'
import ActionButton from '../../../components/ActionButton'

const isWeapp = process.env.TARO_ENV === 'weapp'

/** 实名登记: name, ID number and phone with consent; errors shown under the field. */
export default function RealNamePage() {
  const profile = useResource(getProfile)
  return (
    <PageShell>
      {profile.loading ? <Loading /> : null}
      {profile.error ? <ErrorState error={profile.error} onRetry={profile.reload} /> : null}
      {profile.data ? <RealNameForm current={profile.data} /> : null}
    </PageShell>
  )
}

function RealNameForm({ current }: { current: ProfileDto }) {
  const [realName, setRealName] = useState(current.realName ?? '')
  const [idNumber, setIdNumber] = useState('')
  const [phone, setPhone] = useState('')
  const [consent, setConsent] = useState(false)
  const [errors, setErrors] = useState<Errors>({})
  const [banner, setBanner] = useState<string>()
  const [saving, setSaving] = useState(false)
  const [wechatPhone, setWechatPhone] = useState<string | null>(null)

  const submit = async () => {
    if (saving) return
    const found = validateProfileForm({ realName, idNumber, phone, consent })
    setErrors(found)
    setBanner(undefined)
    if (Object.keys(found).length) return
    setSaving(true)
    try {
      await saveProfile({ realName: realName.trim(), idNumber: normaliseIdNumber(idNumber), phone: phone.trim(), consent: true })
      Taro.showToast({ title: '实名信息已保存', icon: 'success' })
      Taro.navigateBack()
    } catch (e) {
      const mapped = serverErrors(asApiError(e))
      setErrors(mapped.fields)
      setBanner(mapped.banner)
    } finally {
      setSaving(false)
    }
  }

  const onWechatPhone = async (e: { detail: { code?: string; errMsg?: string } }) => {
    if (!e.detail.code) return
    try {
      const saved = await savePhoneFromWechat(e.detail.code)
      setWechatPhone(saved.phone)
    } catch (err) {
      setErrors((prev) => ({ ...prev, phone: asApiError(err).message }))
    }
  }

  return (
    <View id='realname-form'>
      <View className='hero'>
        <View className='hero__title'>{current.isVerified ? '更新实名信息' : '实名登记'}</View>
        <View className='hero__sub'>实名信息用于社区审核房屋绑定。{current.isVerified ? '更新时需重新填写以下三项。' : ''}</View>
      </View>
      {current.isVerified ? (
        <View className='banner banner--info'>
          已登记：{current.realName} · {current.idNumber} · {current.phone ?? '未留手机号'}
        </View>
      ) : null}
      {banner ? <View className='banner banner--error' role='alert'>{banner}</View> : null}
      <View className='card'>
        <Field label='姓名' error={errors.realName} id='field-realName'>
          <Input className='input' value={realName} maxlength={32} placeholder='与身份证一致' onInput={(e) => setRealName(e.detail.value)} />
        </Field>
        <Field label='身份证号' error={errors.idNumber} id='field-idNumber' hint='18位，最后一位可以是X'>
          <Input
            className='input'
            type={isWeapp ? 'idcard' : 'text'}
            value={idNumber}
            maxlength={18}
            placeholder='请输入18位身份证号'
            onInput={(e) => setIdNumber(e.detail.value)}
            onBlur={() => idNumber && setErrors((p) => ({ ...p, idNumber: idNumberError(idNumber) ?? undefined }))}
          />
        </Field>
        <Field label='手机号' error={errors.phone} id='field-phone' hint={wechatPhone ? `已通过微信授权保存 ${wechatPhone}，提交时仍请填写完整手机号` : undefined}>
          <Input
            className='input'
            type={isWeapp ? 'number' : 'text'}
            value={phone}
            maxlength={11}
            placeholder='11位手机号'
            onInput={(e) => setPhone(e.detail.value)}
            onBlur={() => phone && setErrors((p) => ({ ...p, phone: phoneError(phone) ?? undefined }))}
          />
        </Field>
        {isWeapp ? (
          <ActionButton kind='secondary' block openType='getPhoneNumber' onGetPhoneNumber={onWechatPhone}>
            使用微信手机号
          </ActionButton>
        ) : null}
      </View>
      <View className='card'>
        <View className='card__title'>个人信息处理规则</View>
        <View className='rules'>
          {PRIVACY_RULES.map((p) => (
            <View key={p} className='rules__p'>{p}</View>
          ))}
        </View>
        <View className='consent' id='consent' role='checkbox' aria-checked={consent} onClick={() => setConsent(!consent)}>
          <View className={`checkbox${consent ? ' checkbox--on' : ''}`}>{consent ? '✓' : ''}</View>
          <View>我已阅读并同意《个人信息处理规则》</View>
        </View>
        {errors.consent ? <View className='field__error' id='consent-error'>{errors.consent}</View> : null}
      </View>
      <ActionButton block id='submit-profile' disabled={saving} onClick={submit}>
        {saving ? '提交中…' : '提交'}
      </ActionButton>
    </View>
  )
}
