import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { getRegionTree } from '../../../services/regions'
import { listManagedServices, type ServiceSummaryDto } from '../../../services/serviceDesk'
import { DESK_PAGE, SERVICE_EDIT_PAGE, SLOTS_PAGE, withQuery } from '../../../utils/routes'
import { formatShortTime } from '../../../utils/time'
import Chip from '../../../components/Chip'
import '../workbench.css'
import '../desk.css'

/**
 * 预约服务: the services of a community (those taken off the list too) with fee, window and
 * state; 新增服务, 编辑, and a tap opens the service's slots. Coming back reloads the list.
 */
export default function ServiceManagePage() {
  const tree = useResource(getRegionTree)
  const communities = (tree.data ?? []).flatMap((s) => s.children)
  const [picked, setPicked] = useState<number>()
  const communityId = picked ?? communities[0]?.id
  const services = useResource(() => (communityId ? listManagedServices(communityId) : Promise.resolve([])), { immediate: false })

  useEffect(() => {
    if (communityId) void services.reload()
  }, [communityId])
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current && communityId) void services.reload()
    shown.current = true
  })
  usePullDownRefresh(() => void (communityId ? services.reload() : tree.reload()).finally(() => Taro.stopPullDownRefresh()))

  const list = services.data ?? []
  return (
    <PageShell>
      {communities.length > 1 ? (
        <View className='chips filter-row filter-row--scroll' role='radiogroup' aria-label='社区'>
          {communities.map((c) => (
            <Chip key={c.id} id={`services-community-${c.id}`} active={communityId === c.id} onTap={() => setPicked(c.id)}>
              {c.name}
            </Chip>
          ))}
        </View>
      ) : null}
      {tree.error ? <ErrorState error={tree.error} onRetry={() => void tree.reload()} /> : null}
      {tree.data && communities.length === 0 ? <Empty title='您的管辖范围内没有社区' /> : null}
      {communityId ? (
        <View className='actions'>
          <ActionButton grow id='service-new' onClick={() => Taro.navigateTo({ url: withQuery(SERVICE_EDIT_PAGE, { communityId }) })}>
            新增服务
          </ActionButton>
          <ActionButton kind='secondary' grow id='services-open-desk' onClick={() => Taro.navigateTo({ url: DESK_PAGE })}>
            预约窗口
          </ActionButton>
        </View>
      ) : null}
      {services.error && !services.data ? <ErrorState error={services.error} onRetry={() => void services.reload()} /> : null}
      {(tree.loading || services.loading) && !services.data ? <Loading /> : null}
      {services.data && list.length === 0 ? <Empty title='还没有预约服务' hint='点「新增服务」，填写办理材料和规则后发布时段。' /> : null}
      <View id='service-list'>
        {list.map((s) => (
          <ServiceItem key={s.id} service={s} />
        ))}
      </View>
    </PageShell>
  )
}

function ServiceItem({ service: s }: { service: ServiceSummaryDto }) {
  const openSlots = () => void Taro.navigateTo({ url: withQuery(SLOTS_PAGE, { serviceId: s.id }) })
  return (
    <View className={`card service-item${s.active ? '' : ' service-item--off'}`} id={`service-${s.id}`}>
      <View className='item__head' onClick={openSlots}>
        <View className='item__title'>{s.name}</View>
        <View className={`tag ${s.active ? 'tag--approved' : 'tag--withdrawn'}`}>{s.active ? '已上架' : '已下架'}</View>
      </View>
      <View className='item__meta' onClick={openSlots}>
        {s.department} · {s.feeText} · 约{s.durationMinutes}分钟{s.homeService ? ' · 上门服务' : ''}{s.requiresConfirmation ? ' · 需确认' : ''}
      </View>
      <View className='item__meta' onClick={openSlots}>
        材料 {s.materialsCount} 项 · {s.nextAvailableAt ? `最近可约 ${formatShortTime(s.nextAvailableAt)}` : '暂无可约时段'}
      </View>
      <View className='actions'>
        <ActionButton grow id={`service-${s.id}-slots`} onClick={openSlots}>
          时段管理
        </ActionButton>
        <ActionButton kind='secondary' grow id={`service-${s.id}-edit`} onClick={() => Taro.navigateTo({ url: withQuery(SERVICE_EDIT_PAGE, { id: s.id }) })}>
          编辑
        </ActionButton>
      </View>
    </View>
  )
}
