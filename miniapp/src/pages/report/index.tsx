import { View } from '@tarojs/components'
import PageShell from '../../components/PageShell'
import { Empty } from '../../components/StateView'

/** 随手拍: problem reports are not built yet; say so, and where to turn meanwhile. */
export default function ReportPage() {
  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>随手拍</View>
      </View>
      <View className='card'>
        <Empty
          title='诉求上报尚未开放'
          hint='上线后可拍照上报身边的问题，由所在网格的网格员限期办理，进度全程可查。目前请联系您的网格员，或拨打 12345 热线；紧急情况请拨打 110、119、120。'
        />
      </View>
    </PageShell>
  )
}
