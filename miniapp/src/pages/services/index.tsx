import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import ActionButton from '../../components/ActionButton'
import PageShell from '../../components/PageShell'
import Skeleton from '../../components/Skeleton'
import { Empty, ErrorState } from '../../components/StateView'
import { useResource } from '../../hooks/useResource'
import { useSession } from '../../hooks/useSession'
import { listServices, type ServiceSummaryDto } from '../../services/bookings'
import { getMe } from '../../services/me'
import { BINDING_PAGE, BOOKING_MINE_PAGE, LOGIN_PAGE, SERVICE_DETAIL_PAGE, withQuery } from '../../utils/routes'
import { shanghaiParts } from '../../utils/time'
import { pressable } from '../../utils/keyboard'

/**
 * 办事 (tab): the services of my communities with fee, window, duration, how many materials and
 * the next time with room; a service opens its page (materials, slots, booking) in the
 * `bookings` subpackage, preloaded from here. It stays light: the main package's size is checked.
 */
export default function ServicesPage() {
  const session = useSession()
  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>预约办事</View>
        <View className='hero__sub'>先看清要带的材料，再约好时间，到窗口一次办好。</View>
      </View>
      {session ? <Services /> : <LoginCard />}
    </PageShell>
  )
}

function LoginCard() {
  return (
    <View className='card' id='services-login'>
      <View className='card__title'>登录后即可预约</View>
      <View className='muted'>预约社区服务需要登录并绑定房屋，以便社区为您安排时间、到时提醒您。</View>
      <View className='actions'>
        <ActionButton grow id='services-login-button' onClick={() => Taro.navigateTo({ url: LOGIN_PAGE })}>
          登录
        </ActionButton>
      </View>
    </View>
  )
}

function Services() {
  const me = useResource(getMe, { immediate: false })
  const services = useResource(() => listServices(), { immediate: false })
  const reload = () => Promise.all([me.reload(), services.reload()])
  // Every show loads again: a binding approved or a booking made elsewhere shows at once.
  useDidShow(() => void reload())
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()))

  const bound = me.data?.households.some((b) => b.status === 'approved')
  const list = services.data ?? []
  return (
    <View>
      <View className='card entry' id='open-my-bookings' role='link' {...pressable(() => Taro.navigateTo({ url: BOOKING_MINE_PAGE }), 'link')}>
        <View>
          <View className='item__title'>我的预约</View>
          <View className='item__meta'>预约码、时间和要带的材料</View>
        </View>
        <View className='entry__arrow'>›</View>
      </View>

      {me.data && !bound ? (
        <View className='card' id='services-bind'>
          <View className='card__title'>绑定房屋后可预约本社区服务</View>
          <View className='muted'>社区服务面向本社区居民。请先绑定您居住的房屋，社区审核通过后即可预约。</View>
          <View className='actions'>
            <ActionButton grow id='services-bind-button' onClick={() => Taro.navigateTo({ url: BINDING_PAGE })}>
              去绑定房屋
            </ActionButton>
          </View>
        </View>
      ) : null}

      <View className='card' id='service-list'>
        <View className='card__title'>可预约的服务</View>
        {services.loading && !services.data ? <Skeleton rows={3} /> : null}
        {services.error && !services.data ? <ErrorState error={services.error} onRetry={() => void services.reload()} /> : null}
        {services.data && list.length === 0 ? (
          <Empty title='暂时没有可预约的服务' hint={bound ? '社区发布服务后会显示在这里。' : '绑定房屋并通过审核后，这里会显示您所在社区的服务。'} />
        ) : null}
        {list.map((s) => (
          <ServiceItem key={s.id} service={s} />
        ))}
      </View>
    </View>
  )
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** 「今天 10:00」, 「明天 09:00」, 「12月3日 周四 09:00」 (Asia/Shanghai). */
export function nextTimeText(iso: string, now: Date = new Date()): string {
  const at = shanghaiParts(iso)
  const [y, m, d] = at.date.split('-').map(Number)
  const day = Date.UTC(y, m - 1, d)
  const today = Date.parse(`${shanghaiParts(now).date}T00:00:00Z`)
  if (day === today) return `今天 ${at.time}`
  if (day === today + 86_400_000) return `明天 ${at.time}`
  return `${m}月${d}日 ${WEEKDAYS[new Date(day).getUTCDay()]} ${at.time}`
}

function ServiceItem({ service: s }: { service: ServiceSummaryDto }) {
  return (
    <View className='item' id={`service-${s.id}`} role='link' {...pressable(() => Taro.navigateTo({ url: withQuery(SERVICE_DETAIL_PAGE, { id: s.id }) }), 'link')}>
      <View className='item__head'>
        <View className='item__title'>{s.name}</View>
        <View className={`tag ${s.feeFen > 0 ? 'tag--pending' : 'tag--approved'}`}>{s.feeText}</View>
      </View>
      <View className='item__meta'>
        {s.homeService ? `上门服务 · ${s.department}` : s.department} · 约{s.durationMinutes}分钟 · {s.materialsCount > 0 ? `需带材料${s.materialsCount}项` : '无需材料'}
      </View>
      <View className='item__meta' id={`service-${s.id}-next`}>
        {s.nextAvailableAt ? `最近可约：${nextTimeText(s.nextAvailableAt)}` : '近期已约满或暂无时段'}
      </View>
    </View>
  )
}
