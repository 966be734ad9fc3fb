import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ActionButton from '../../components/ActionButton'
import { Empty } from '../../components/StateView'
import type { ApiError } from '../../services/request'
import { BINDING_PAGE } from '../../utils/routes'

/** The API could not tell whose community to show (400 naming communityId): the caller has no approved household yet. */
export const isWithoutCommunity = (e: ApiError | undefined) => Boolean(e && e.status === 400 && e.fieldMessage('communityId'))

/** What a resident without a household binding sees instead of an error: why, and 绑定房屋. */
export default function NoCommunity() {
  return (
    <View id='no-community'>
      <Empty title='还看不到社区的三务公开' hint='绑定房屋并经社区审核通过后，即可查看所在社区的党务、居务、财务公开。' />
      <ActionButton block id='open-binding' onClick={() => void Taro.navigateTo({ url: BINDING_PAGE })}>
        绑定房屋
      </ActionButton>
    </View>
  )
}
