import { Input, View } from '@tarojs/components'
import Field from '../../../components/Field'
import ActionButton from '../../../components/ActionButton'
import type { ProfileDto } from '../../../services/types'
import { phoneError } from '../../../utils/validators'
import { pressable } from '../../../utils/keyboard'

type Props = {
  /** The masked phone on file and where it came from. */
  onFile: Pick<ProfileDto, 'phone' | 'phoneSource'>
  /** True while the form asks for a phone (none on file, or 更换 tapped). */
  asking: boolean
  value: string
  error?: string
  onChange: (value: string) => void
  onAsk: (asking: boolean) => void
  onError: (message: string | undefined) => void
  onWechatPhone: (detail: { code?: string; errMsg?: string }) => void
}

/**
 * 手机号 of the real-name form. A phone on file (typed earlier or from 微信手机号) is shown masked
 * with 更换 and is not asked for again; otherwise an input, and in WeChat 使用微信手机号.
 */
export default function PhoneField({ onFile, asking, value, error, onChange, onAsk, onError, onWechatPhone }: Props) {
  const isWeapp = process.env.TARO_ENV === 'weapp'
  if (onFile.phone && !asking) {
    return (
      <Field label='手机号' error={error} id='field-phone'>
        <View className='phone-on-file'>
          <View className='phone-on-file__value' id='phone-on-file'>
            {onFile.phone}
            {onFile.phoneSource === 'wechat' ? <View className='muted'>微信手机号</View> : null}
          </View>
          <View className='link' role='button' id='change-phone' {...pressable(() => onAsk(true))}>
            更换
          </View>
        </View>
      </Field>
    )
  }
  return (
    <View>
      <Field label='手机号' error={error} id='field-phone' hint={onFile.phone ? `不更换时将保留 ${onFile.phone}` : undefined}>
        <Input
          className='input'
          type={isWeapp ? 'number' : 'text'}
          value={value}
          maxlength={11}
          placeholder='11位手机号'
          onInput={(e) => onChange(e.detail.value)}
          onBlur={() => value && onError(phoneError(value) ?? undefined)}
        />
      </Field>
      {onFile.phone ? (
        <View className='link' role='button' id='keep-phone' {...pressable(() => onAsk(false))}>
          不更换，保留 {onFile.phone}
        </View>
      ) : null}
      {isWeapp ? (
        <ActionButton kind='secondary' block id='wechat-phone' openType='getPhoneNumber' onGetPhoneNumber={(e) => onWechatPhone(e.detail)}>
          使用微信手机号
        </ActionButton>
      ) : null}
    </View>
  )
}
