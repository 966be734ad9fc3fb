import { Input, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import Field from '../../../components/Field'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { asApiError, useResource } from '../../../hooks/useResource'
import { listMyBindings } from '../../../services/households'
import { getProfile, saveProfile, savePhoneFromWechat } from '../../../services/me'
import type { ProfileDto } from '../../../services/types'
import { phoneRefusalMessage } from '../../../utils/permissions'
import { idNumberError, normaliseIdNumber } from '../../../utils/validators'
import { IDENTITY_REVIEW_TEXT, REBIND_WARNING, serverErrors, validateProfileForm, type Errors } from './form'
import PhoneField from './PhoneField'
import { PRIVACY_RULES } from './rules'
import ActionButton from '../../../components/ActionButton'
import { pressable } from '../../../utils/keyboard'
import '../profile.css'

const isWeapp = process.env.TARO_ENV === 'weapp'

/** 实名登记: name, ID number and phone with consent; errors shown under the field. */
export default function RealNamePage() {
  const loaded = useResource(async () => {
    const [profile, bindings] = await Promise.all([getProfile(), listMyBindings()])
    return { profile, approved: bindings.filter((b) => b.status === 'approved').length }
  })
  return (
    <PageShell>
      {loaded.loading ? <Loading /> : null}
      {loaded.error ? <ErrorState error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.data ? <RealNameForm initial={loaded.data.profile} approvedBindings={loaded.data.approved} /> : null}
    </PageShell>
  )
}

function RealNameForm({ initial, approvedBindings }: { initial: ProfileDto; approvedBindings: number }) {
  const [current, setCurrent] = useState(initial)
  const [realName, setRealName] = useState(initial.realName ?? '')
  const [idNumber, setIdNumber] = useState('')
  const [phone, setPhone] = useState('')
  const [askPhone, setAskPhone] = useState(!initial.phone)
  const [consent, setConsent] = useState(false)
  const [errors, setErrors] = useState<Errors>({})
  const [banner, setBanner] = useState<string>()
  const [saving, setSaving] = useState(false)

  const submit = async () => {
    if (saving) return
    const found = validateProfileForm({ realName, idNumber, phone, consent, askPhone })
    setErrors(found)
    setBanner(undefined)
    if (Object.keys(found).length) return
    if (current.isVerified && approvedBindings > 0) {
      const { confirm } = await Taro.showModal({ title: '房屋需要重新审核', content: REBIND_WARNING, confirmText: '仍要提交', cancelText: '取消' })
      if (!confirm) return
    }
    setSaving(true)
    try {
      const saved = await saveProfile({
        realName: realName.trim(),
        idNumber: normaliseIdNumber(idNumber),
        ...(askPhone ? { phone: phone.trim() } : {}),
        consent: true,
      })
      if (saved.identityStatus === 'review') {
        await Taro.showModal({ title: '需要社区核实', content: IDENTITY_REVIEW_TEXT, showCancel: false, confirmText: '知道了' })
      } else {
        Taro.showToast({ title: '实名信息已保存', icon: 'success' })
      }
      Taro.navigateBack()
    } catch (e) {
      const mapped = serverErrors(asApiError(e))
      setErrors(mapped.fields)
      setBanner(mapped.banner)
    } finally {
      setSaving(false)
    }
  }

  const onWechatPhone = async (detail: { code?: string; errMsg?: string }) => {
    if (!detail.code) {
      setErrors((prev) => ({ ...prev, phone: phoneRefusalMessage(detail.errMsg) }))
      return
    }
    try {
      setCurrent(await savePhoneFromWechat(detail.code))
      setAskPhone(false)
      setPhone('')
      setErrors((prev) => ({ ...prev, phone: undefined }))
    } catch (err) {
      setErrors((prev) => ({ ...prev, phone: asApiError(err).message }))
    }
  }

  return (
    <View id='realname-form'>
      <View className='hero'>
        <View className='hero__title'>{current.isVerified ? '更新实名信息' : '实名登记'}</View>
        <View className='hero__sub'>实名信息用于社区审核房屋绑定。{current.isVerified ? '更新时需重新填写姓名和身份证号。' : ''}</View>
      </View>
      {current.identityStatus === 'review' ? (
        <View className='banner banner--warn' id='identity-review' role='status'>{IDENTITY_REVIEW_TEXT}</View>
      ) : null}
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
        <PhoneField
          onFile={current}
          asking={askPhone}
          value={phone}
          error={errors.phone}
          onChange={setPhone}
          onAsk={(asking) => {
            setAskPhone(asking)
            setErrors((p) => ({ ...p, phone: undefined }))
          }}
          onError={(message) => setErrors((p) => ({ ...p, phone: message }))}
          onWechatPhone={onWechatPhone}
        />
      </View>
      <View className='card'>
        <View className='card__title'>个人信息处理规则</View>
        <View className='rules' role='region' aria-label='个人信息处理规则' tabIndex={0}>
          {PRIVACY_RULES.map((p) => (
            <View key={p} className='rules__p'>{p}</View>
          ))}
        </View>
        <View className='consent' id='consent' role='checkbox' aria-checked={consent} {...pressable(() => setConsent(!consent))}>
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
