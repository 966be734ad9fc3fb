import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import { ELECTION_DETAIL_PAGE, withQuery } from '../../../utils/routes'
import { groupTracker } from '../format'

/**
 * After voting: the receipt code, shown this once, big and in groups of 4, with 复制 and the way back;
 * `saved` when it was also kept on this phone (never sent anywhere).
 */
export default function Receipt({ electionId, tracker, saved }: { electionId: number; tracker: string; saved: boolean }) {
  const copy = async () => {
    try {
      await Taro.setClipboardData({ data: tracker })
      void Taro.showToast({ title: '回执码已复制', icon: 'none' })
    } catch {
      void Taro.showToast({ title: '复制失败，请抄写或截图保存', icon: 'none' })
    }
  }
  return (
    <View className='card' id='ballot-receipt'>
      <View className='banner banner--ok' role='status'>投票成功，您的选票已投入票箱</View>
      <View className='card__title'>您的回执码</View>
      <View className='tracker' id='tracker' aria-label={`回执码 ${tracker.split('').join(' ')}`}>{groupTracker(tracker)}</View>
      <View className='election-text' id='tracker-note'>
        回执码只显示这一次，请抄写或截图保存。投票结束后可在公示板上查到它，它不会显示您选了谁。
      </View>
      {saved ? <View className='banner banner--info' id='tracker-saved'>回执码已保存在本机（仅本手机可见）</View> : null}
      <View className='actions'>
        <ActionButton kind='secondary' grow id='copy-tracker' onClick={() => void copy()}>
          复制回执码
        </ActionButton>
        <ActionButton grow id='back-to-election' onClick={() => void Taro.redirectTo({ url: withQuery(ELECTION_DETAIL_PAGE, { id: electionId }) })}>
          返回选举
        </ActionButton>
      </View>
    </View>
  )
}
