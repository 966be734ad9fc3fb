import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import PageShell from '../../components/PageShell'
import { Empty } from '../../components/StateView'
import { BINDING_PAGE } from '../../utils/routes'
import ActionButton from '../../components/ActionButton'

/** 首页: what exists today, and plainly what does not yet. */
export default function HomePage() {
  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>邻里通</View>
        <View className='hero__sub'>社区网格化服务：实名登记、房屋绑定，更多服务陆续上线</View>
      </View>
      <View className='card'>
        <View className='card__title'>先绑定您的房屋</View>
        <View className='muted'>完成实名登记并绑定房屋、经社区审核通过后，公告、办事和议事会按您所在的社区和网格显示。</View>
        <View className='actions'>
          <ActionButton grow onClick={() => Taro.navigateTo({ url: BINDING_PAGE })}>
            绑定房屋
          </ActionButton>
        </View>
      </View>
      <View className='section-title'>社区公告</View>
      <View className='card'>
        <Empty title='社区公告即将上线' hint='社区和物业发布的通知会显示在这里，目前还没有可显示的公告。' />
      </View>
    </PageShell>
  )
}
