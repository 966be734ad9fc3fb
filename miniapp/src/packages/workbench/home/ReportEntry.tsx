import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import { REPORT_STAFF_ROLES, SUPERVISOR_ROLES } from '../roles'
import { FIGURES_PAGE, INBOX_PAGE, PATROL_PAGE, VISITS_PAGE } from '../../../utils/routes'

const go = (url: string) => () => void Taro.navigateTo({ url })

/**
 * 网格治理 entries by role: 诉求工单 for everyone who handles or supervises reports; 巡查上报 and
 * 民情日志 for grid workers (leaders and community staff read the visit log of their scope);
 * 考核 — own figures for a worker, per-grid figures and the ranking for leaders. What each page
 * then contains is the API's call; this only avoids offering entries a role never uses.
 */
export default function ReportEntry({ roles }: { roles: string[] }) {
  const handles = roles.some((r) => REPORT_STAFF_ROLES.includes(r))
  if (!handles) return null
  const worker = roles.includes('grid_worker')
  const supervisor = roles.some((r) => SUPERVISOR_ROLES.includes(r))
  return (
    <View className='card' id='report-entry'>
      <View className='card__title'>网格治理</View>
      <View className='muted'>按时限处理居民诉求；超期未办会逐级升级督办。</View>
      <View className='actions'>
        <ActionButton grow id='open-report-inbox' onClick={go(INBOX_PAGE)}>
          诉求工单
        </ActionButton>
        {worker ? (
          <ActionButton kind='secondary' grow id='open-patrol' onClick={go(PATROL_PAGE)}>
            巡查上报
          </ActionButton>
        ) : null}
      </View>
      {worker || supervisor ? (
        <View className='actions'>
          <ActionButton kind='secondary' grow id='open-visits' onClick={go(VISITS_PAGE)}>
            民情日志
          </ActionButton>
          <ActionButton kind='secondary' grow id='open-figures' onClick={go(FIGURES_PAGE)}>
            {supervisor ? '考核测评' : '我的考核'}
          </ActionButton>
        </View>
      ) : null}
    </View>
  )
}
