import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState, useSyncExternalStore } from 'react'
import { answerPrivacy, currentPrivacyRequest, PRIVACY_AGREE_BUTTON, subscribePrivacy } from '../../stores/privacy'
import ActionButton from '../ActionButton'
import { pressable } from '../../utils/keyboard'
import './PrivacySheet.css'

const DEFAULT_CONTRACT = '《邻里通小程序隐私保护指引》'

/** What the held call wants, in the user's words, from WeChat's referrer (`button.getPhoneNumber`, `chooseImage`…). */
export function privacyPurpose(referrer: string): string {
  if (/PhoneNumber/i.test(referrer)) return '手机号（用于实名登记，方便社区联系您）'
  if (/chooseImage|chooseMedia|chooseVideo|camera/i.test(referrer)) return '您选择的照片（用于上传公告或随手拍图片）'
  if (/Clipboard/i.test(referrer)) return '剪贴板（用于复制您的个人信息）'
  if (/Location|Poi/i.test(referrer)) return '位置信息（用于标注诉求地点）'
  return '个人信息'
}

/**
 * Our own privacy sheet, shown while WeChat holds a privacy-protected call (weapp only; PageShell
 * renders it). 同意并继续 is WeChat's agree button (open-type="agreePrivacyAuthorization"); the
 * guide opens with openPrivacyContract. 不同意 lets the held call fail, and the page that made it
 * explains what does not work.
 */
export default function PrivacySheet() {
  const request = useSyncExternalStore(subscribePrivacy, currentPrivacyRequest, currentPrivacyRequest)
  const [contract, setContract] = useState(DEFAULT_CONTRACT)

  useEffect(() => {
    if (!request || typeof Taro.getPrivacySetting !== 'function') return
    Taro.getPrivacySetting({ success: (r) => r.privacyContractName && setContract(r.privacyContractName) })
  }, [request])

  if (!request) return null
  return (
    <View className='privacy-sheet' id='privacy-sheet'>
      <View className='privacy-sheet__mask' />
      <View className='privacy-sheet__panel' role='dialog' aria-label='用户隐私保护提示'>
        <View className='privacy-sheet__title'>用户隐私保护提示</View>
        <View className='privacy-sheet__text'>
          此功能需要使用您的{privacyPurpose(request.referrer)}。使用前请阅读
          <View className='privacy-sheet__link' role='link' id='privacy-contract' {...pressable(() => Taro.openPrivacyContract({}), 'link')}>
            {contract}
          </View>
          ，了解我们如何收集、使用和保护您的信息。点「同意并继续」即表示您已阅读并同意；不同意时，此功能无法使用，其他功能不受影响。
        </View>
        <View className='privacy-sheet__actions'>
          <ActionButton kind='secondary' grow id='privacy-disagree' onClick={() => answerPrivacy(false)}>
            不同意
          </ActionButton>
          <ActionButton grow id={PRIVACY_AGREE_BUTTON} openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={() => answerPrivacy(true)}>
            同意并继续
          </ActionButton>
        </View>
      </View>
    </View>
  )
}
