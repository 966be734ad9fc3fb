import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect } from 'react'
import ActionButton from '../../components/ActionButton'
import NoticeItem from '../../components/NoticeItem'
import PageShell from '../../components/PageShell'
import Skeleton from '../../components/Skeleton'
import { Empty, ErrorState } from '../../components/StateView'
import SubscribeCard from '../../components/SubscribeCard'
import { useResource } from '../../hooks/useResource'
import { useSession } from '../../hooks/useSession'
import { getUnreadCount } from '../../services/messages'
import { listNoticeFeed } from '../../services/notices'
import { BINDING_PAGE, DISCLOSURE_LIST_PAGE, LOGIN_PAGE, MESSAGES_PAGE, NOTICE_DETAIL_PAGE, NOTICE_LIST_PAGE, withQuery } from '../../utils/routes'
import { pressable } from '../../utils/keyboard'

/** How many notices 首页 shows before 查看全部. */
const HOME_NOTICES = 5
const HOME_TAB_INDEX = 0

/** Shows the unread count on the 首页 tab (WeChat and Taro's H5 tab bar); never fails the page. */
export function showUnreadBadge(count: number) {
  try {
    const done = count > 0
      ? Taro.setTabBarBadge({ index: HOME_TAB_INDEX, text: count > 99 ? '99+' : String(count) })
      : Taro.removeTabBarBadge({ index: HOME_TAB_INDEX })
    void Promise.resolve(done).catch(() => undefined)
  } catch {
    // no tab bar on this page stack (e.g. opened by a deep link): the count on the page is enough
  }
}

/** 首页: pinned and latest notices, the message centre with its unread count, and what is not built yet. */
export default function HomePage() {
  const session = useSession()
  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>邻里通</View>
        <View className='hero__sub'>社区公告、消息提醒、实名登记与房屋绑定</View>
      </View>
      {session ? <SignedInHome key={session.user.id} isStaff={session.user.isStaff} /> : <SignedOutHome />}
      <View className='section-title'>更多服务</View>
      <View className='card' id='coming-soon'>
        <View className='muted'>预约办事、随手拍、议事协商正在建设中，上线后会出现在下方的标签栏里。</View>
      </View>
    </PageShell>
  )
}

function SignedOutHome() {
  useEffect(() => showUnreadBadge(0), [])
  return (
    <View className='card'>
      <View className='card__title'>登录后查看社区公告</View>
      <View className='muted'>公告按您所在的社区、网格和楼栋发布，登录并绑定房屋后即可查看。</View>
      <View className='actions'>
        <ActionButton grow id='home-login' onClick={() => Taro.navigateTo({ url: LOGIN_PAGE })}>
          登录
        </ActionButton>
      </View>
    </View>
  )
}

function SignedInHome({ isStaff }: { isStaff: boolean }) {
  const feed = useResource(() => listNoticeFeed({ limit: HOME_NOTICES }), { immediate: false })
  const unread = useResource(getUnreadCount, { immediate: false })

  const refresh = () => Promise.all([feed.reload(), unread.reload()])
  useDidShow(() => void refresh())
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()))
  useEffect(() => {
    if (unread.data !== undefined) showUnreadBadge(unread.data)
  }, [unread.data])

  const count = unread.data ?? 0
  const open = (id: number) => Taro.navigateTo({ url: withQuery(NOTICE_DETAIL_PAGE, { id }) })
  const notices = feed.data?.items ?? []

  return (
    <View>
      <View className='card entry' id='messages-entry' role='link' {...pressable(() => Taro.navigateTo({ url: MESSAGES_PAGE }), 'link')}>
        <View className='entry__label'>
          <View className='item__title'>消息</View>
          <View className='item__meta'>{count > 0 ? `您有 ${count} 条未读消息` : '审核结果、公告提醒都在这里'}</View>
        </View>
        {count > 0 ? <View className='count-badge' id='unread-count'>{count > 99 ? '99+' : count}</View> : <View className='entry__arrow'>›</View>}
      </View>

      <View className='card entry' id='disclosures-entry' role='link' {...pressable(() => Taro.navigateTo({ url: DISCLOSURE_LIST_PAGE }), 'link')}>
        <View className='entry__label'>
          <View className='item__title'>三务公开</View>
          <View className='item__meta'>党务、居务、财务公开，收支明细和居民问答</View>
        </View>
        <View className='entry__arrow'>›</View>
      </View>

      <SubscribeCard once />

      <View className='section-head'>
        <View className='section-title'>社区公告</View>
        <View className='link section-head__more' id='all-notices' onClick={() => Taro.navigateTo({ url: NOTICE_LIST_PAGE })}>
          查看全部
        </View>
      </View>
      <View className='card' id='home-notices'>
        {feed.loading && !feed.data ? <Skeleton rows={3} /> : null}
        {feed.error ? <ErrorState error={feed.error} onRetry={feed.reload} /> : null}
        {feed.data && notices.length === 0 ? (
          <Empty title='暂无公告' hint={isStaff ? '您管理的社区发布公告后会显示在这里。' : '绑定房屋并经社区审核通过后，您所在社区、网格和楼栋的公告会显示在这里。'} />
        ) : null}
        {notices.map((n) => (
          <NoticeItem key={n.id} notice={n} onOpen={open} />
        ))}
        {notices.length > 0 ? (
          <ActionButton kind='secondary' block id='more-notices' onClick={() => Taro.navigateTo({ url: NOTICE_LIST_PAGE })}>
            查看全部公告
          </ActionButton>
        ) : null}
      </View>
      {feed.data && notices.length === 0 && !isStaff ? (
        <View className='card'>
          <View className='card__title'>还没有绑定房屋？</View>
          <View className='muted'>完成实名登记并绑定房屋，经社区审核通过后即可收到所在社区的公告。</View>
          <View className='actions'>
            <ActionButton grow onClick={() => Taro.navigateTo({ url: BINDING_PAGE })}>
              绑定房屋
            </ActionButton>
          </View>
        </View>
      ) : null}
    </View>
  )
}
