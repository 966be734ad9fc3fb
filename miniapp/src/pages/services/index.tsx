import { View } from '@tarojs/components'
import PageShell from '../../components/PageShell'
import { Empty } from '../../components/StateView'

/** 办事: online appointments are not built yet; say so. */
export default function ServicesPage() {
  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>预约办事</View>
      </View>
      <View className='card'>
        <Empty
          title='预约办事尚未开放'
          hint='在线预约、所需材料清单和到窗口出示的预约码正在建设中。目前请直接到社区服务窗口办理。'
        />
      </View>
    </PageShell>
  )
}
