import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ElectionDto } from '../../services/elections'
import { ELECTION_DETAIL_PAGE, withQuery } from '../../utils/routes'

/** One election in a list: title, phase (the API's label) and election day; tap opens its page. */
export default function ElectionRow({ election: e }: { election: ElectionDto }) {
  return (
    <View className='item' id={`election-${e.id}`} role='link' onClick={() => Taro.navigateTo({ url: withQuery(ELECTION_DETAIL_PAGE, { id: e.id }) })}>
      <View className='item__head'>
        <View className='item__title'>{e.title}</View>
        <View className='tag tag--pending'>{e.phaseLabel}</View>
      </View>
      <View className='item__meta'>选举日 {e.electionDay}</View>
    </View>
  )
}
