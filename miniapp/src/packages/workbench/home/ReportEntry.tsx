import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import type { UserPolicies } from '../../../stores/session'
import { FIGURES_PAGE, INBOX_PAGE, PATROL_PAGE, VISITS_PAGE } from '../../../utils/routes'

const go = (url: string) => () => void Taro.navigateTo({ url })

/**
 * 网格治理 entries as the API's `policies` offer them: 诉求工单 for everyone who handles or supervises
 * reports; 巡查上报 for grid workers; 民情日志 for workers and those who follow their visits;
 * 考核 — own figures for grid workers and department staff, per-grid figures and the ranking for leaders. What each page
 * then contains is the API's call; this only avoids offering entries a role never uses.
 */
export default function ReportEntry({ policies }: { policies: UserPolicies }) {
  if (!policies.reportInbox) return null
  return (
    <View className='card' id='report-entry'>
      <View className='card__title'>网格治理</View>
      <View className='muted'>按时限处理居民诉求；超期未办会逐级升级督办。</View>
      <View className='actions'>
        <ActionButton grow id='open-report-inbox' onClick={go(INBOX_PAGE)}>
          诉求工单
        </ActionButton>
        {policies.patrol ? (
          <ActionButton kind='secondary' grow id='open-patrol' onClick={go(PATROL_PAGE)}>
            巡查上报
          </ActionButton>
        ) : null}
      </View>
      {policies.visits || policies.ownFigures || policies.gridRanking ? (
        <View className='actions'>
          {policies.visits ? (
            <ActionButton kind='secondary' grow id='open-visits' onClick={go(VISITS_PAGE)}>
              民情日志
            </ActionButton>
          ) : null}
          {policies.ownFigures || policies.gridRanking ? (
            <ActionButton kind='secondary' grow id='open-figures' onClick={go(FIGURES_PAGE)}>
              {policies.gridRanking ? '考核测评' : '我的考核'}
            </ActionButton>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
