import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import { DESK_PAGE, SERVICE_MANAGE_PAGE } from '../../../utils/routes'
import type { UserPolicies } from '../../../stores/session'

/**
 * 预约办事 entries for community staff and administrators: 预约服务 (services, materials and
 * slots) and 预约窗口 (the day's bookings, check-in by code). The API decides what each shows.
 */
export default function BookingEntry({ policies }: { policies: UserPolicies }) {
  if (!policies.bookingDesk) return null
  return (
    <View className='card' id='booking-entry'>
      <View className='card__title'>预约办事</View>
      <View className='muted'>维护办事服务和所需材料，发布预约时段；在窗口核验预约码、签到和办结。</View>
      <View className='actions'>
        <ActionButton grow id='open-service-desk' onClick={() => void Taro.navigateTo({ url: DESK_PAGE })}>
          预约窗口
        </ActionButton>
        <ActionButton kind='secondary' grow id='open-service-manage' onClick={() => void Taro.navigateTo({ url: SERVICE_MANAGE_PAGE })}>
          预约服务
        </ActionButton>
      </View>
    </View>
  )
}
