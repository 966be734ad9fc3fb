import { View } from '@tarojs/components'
import type { ApiError } from '../../services/request'
import ActionButton from '../ActionButton'

/** Under a cursor list: the error of the last page load, then 加载更多 or 没有更多了. */
export default function ListFooter(props: { error?: ApiError; nextCursor: string | null; loadingMore: boolean; onMore: () => void }) {
  return (
    <View className='list-footer'>
      {props.error ? <View className='banner banner--error' role='alert'>{props.error.message}</View> : null}
      {props.nextCursor ? (
        <ActionButton kind='secondary' block id='load-more' disabled={props.loadingMore} onClick={props.onMore}>
          {props.loadingMore ? '加载中…' : '加载更多'}
        </ActionButton>
      ) : (
        <View className='muted state__meta list-footer__end'>没有更多了</View>
      )}
    </View>
  )
}
