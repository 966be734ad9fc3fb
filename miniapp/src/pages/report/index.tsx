import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ActionButton from '../../components/ActionButton'
import PageShell from '../../components/PageShell'
import { useSession } from '../../hooks/useSession'
import { LOGIN_PAGE, REPORT_COMMUNITY_PAGE, REPORT_MINE_PAGE, REPORT_NEW_PAGE } from '../../utils/routes'

/**
 * 随手拍 (tab): the entry to problem reports. It stays light (the main package's size is
 * checked); the form, 我的诉求 and 社区诉求 live in the `reports` subpackage, preloaded from here.
 */
export default function ReportPage() {
  const session = useSession()
  const go = (url: string) => Taro.navigateTo({ url })
  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>随手拍</View>
        <View className='hero__sub'>拍照上报身边的问题，由所在网格的网格员限期办理，进度全程可查。</View>
      </View>
      {session ? (
        <View className='card' id='report-entry'>
          <ActionButton block id='open-report-form' onClick={() => go(REPORT_NEW_PAGE)}>
            我要上报
          </ActionButton>
          <View className='actions'>
            <ActionButton kind='secondary' grow id='open-my-reports' onClick={() => go(REPORT_MINE_PAGE)}>
              我的诉求
            </ActionButton>
            <ActionButton kind='secondary' grow id='open-community-reports' onClick={() => go(REPORT_COMMUNITY_PAGE)}>
              社区诉求
            </ActionButton>
          </View>
        </View>
      ) : (
        <View className='card' id='report-login'>
          <View className='card__title'>登录后即可上报</View>
          <View className='muted'>上报问题需要登录，以便网格员联系您、告诉您办理进度。</View>
          <View className='actions'>
            <ActionButton grow onClick={() => go(LOGIN_PAGE)}>
              登录
            </ActionButton>
          </View>
        </View>
      )}
      <View className='card muted' id='report-emergency'>
        紧急情况请拨打 110、119、120；不属于社区的事项也可拨打 12345 热线。
      </View>
    </PageShell>
  )
}
