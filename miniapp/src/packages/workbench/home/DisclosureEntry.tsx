import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import { DISCLOSURE_EDIT_PAGE, DISCLOSURE_MANAGE_PAGE } from '../../../utils/routes'
import type { UserPolicies } from '../../../stores/session'

/**
 * 三务公开 entries for committee staff: 公开管理 (items, corrections, withdrawals, residents'
 * questions) and 发布公开事项. The API decides which community's items each one sees.
 */
export default function DisclosureEntry({ policies }: { policies: UserPolicies }) {
  if (!policies.disclosures) return null
  return (
    <View className='card' id='disclosure-entry'>
      <View className='card__title'>三务公开</View>
      <View className='muted'>公开党务、居务、财务和收支明细；更正或撤回；答复居民提问。</View>
      <View className='actions'>
        <ActionButton grow id='open-disclosure-manage-list' onClick={() => void Taro.navigateTo({ url: DISCLOSURE_MANAGE_PAGE })}>
          公开管理
        </ActionButton>
        <ActionButton kind='secondary' grow id='open-disclosure-new' onClick={() => void Taro.navigateTo({ url: DISCLOSURE_EDIT_PAGE })}>
          发布公开事项
        </ActionButton>
      </View>
    </View>
  )
}
