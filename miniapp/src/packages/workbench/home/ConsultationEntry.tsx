import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import { CONSULTATION_MANAGE_PAGE } from '../../../utils/routes'
import type { UserPolicies } from '../../../stores/session'

/** 协商议事 entry for committee staff and administrators (the API's `policies.consultations`): open topics, move them on, moderate opinions and reply. */
export default function ConsultationEntry({ policies }: { policies: UserPolicies }) {
  if (!policies.consultations) return null
  return (
    <View className='card' id='consultation-entry'>
      <View className='card__title'>协商议事</View>
      <View className='muted'>发起议题，审核居民意见并回复，推进讨论、议定和落实。</View>
      <View className='actions'>
        <ActionButton grow id='open-consultation-manage' onClick={() => void Taro.navigateTo({ url: CONSULTATION_MANAGE_PAGE })}>
          议题管理
        </ActionButton>
      </View>
    </View>
  )
}
