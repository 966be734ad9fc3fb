import { View } from '@tarojs/components'
import PageShell from '../../components/PageShell'
import { Empty } from '../../components/StateView'

/** 议事: consultations and elections are not built yet; say so. */
export default function ConsultationPage() {
  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>议事</View>
      </View>
      <View className='card'>
        <Empty title='协商议事尚未开放' hint='社区议题的线上讨论、表决和议定事项跟踪正在建设中。' />
      </View>
      <View className='card'>
        <Empty title='社区选举尚未开放' hint='选民登记、候选人报名和无记名投票正在建设中。' />
      </View>
    </PageShell>
  )
}
