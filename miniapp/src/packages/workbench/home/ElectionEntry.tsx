import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import { ELECTION_MANAGE_PAGE } from '../../../utils/routes'
import type { UserPolicies } from '../../../stores/session'

/**
 * 换届选举 entry for committee staff and administrators: the community's elections, drafts
 * included, and from there the roll, candidates, voting rounds and the count. The API decides what each shows.
 */
export default function ElectionEntry({ policies }: { policies: UserPolicies }) {
  if (!policies.elections) return null
  return (
    <View className='card' id='election-entry'>
      <View className='card__title'>换届选举</View>
      <View className='muted'>新建选举，管理选民名单、候选人、投票和计票，公布结果。</View>
      <View className='actions'>
        <ActionButton grow id='open-election-manage' onClick={() => void Taro.navigateTo({ url: ELECTION_MANAGE_PAGE })}>
          选举管理
        </ActionButton>
      </View>
    </View>
  )
}
