import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { getService, listSlots, type SlotPatternResultDto } from '../../../services/serviceDesk'
import { SERVICE_EDIT_PAGE, withQuery } from '../../../utils/routes'
import { shanghaiParts } from '../../../utils/time'
import { addDays, dayTitle, groupByDay, patternResultText, shortDay } from './pattern'
import PatternForm from './PatternForm'
import SlotForm from './SlotForm'
import SlotItem from './SlotItem'
import '../workbench.css'
import '../desk.css'

/** How many days the list shows at a time. */
const SPAN_DAYS = 14

/**
 * 时段管理 (`?serviceId=`): a service's slots by day, two weeks at a time, with booked/名额 and
 * state; 发布一个时段, 批量发布 by weekly pattern, 改名额 and 关闭时段.
 */
export default function SlotsPage() {
  const { params } = useRouter()
  const serviceId = Number(params.serviceId)
  const today = shanghaiParts(new Date()).date
  const [from, setFrom] = useState(today)
  const to = addDays(from, SPAN_DAYS - 1)
  const [form, setForm] = useState<'one' | 'pattern'>()
  const [result, setResult] = useState<SlotPatternResultDto>()
  const service = useResource(() => getService(serviceId))
  const slots = useResource(() => listSlots(serviceId, { from, to }), { immediate: false })

  useEffect(() => {
    void slots.reload()
  }, [from])
  // Back from 编辑服务 (or anywhere): the service and its slots are read again.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void Promise.all([service.reload(), slots.reload()])
    shown.current = true
  })
  usePullDownRefresh(() => void Promise.all([service.reload(), slots.reload()]).finally(() => Taro.stopPullDownRefresh()))

  const open = (f: 'one' | 'pattern') => {
    setResult(undefined)
    setForm(form === f ? undefined : f)
  }
  const patterned = (r: SlotPatternResultDto) => {
    setForm(undefined)
    setResult(r)
    void slots.reload()
  }
  // A new or changed slot: the day's list is read again (counts may have moved meanwhile).
  const changed = () => void slots.reload()

  if (!Number.isInteger(serviceId) || serviceId <= 0) {
    return (
      <PageShell>
        <Empty title='没有指定服务' hint='请从「预约服务」进入。' />
      </PageShell>
    )
  }
  const s = service.data
  const days = groupByDay(slots.data ?? [])
  return (
    <PageShell>
      {service.error ? <ErrorState error={service.error} onRetry={() => void service.reload()} /> : null}
      {s ? (
        <View className='hero' id='slots-service'>
          <View className='hero__title'>{s.name}</View>
          <View className='hero__sub'>
            {s.department} · {s.feeText} · 可提前{s.bookAheadDays}天预约{s.active ? '' : ' · 已下架'}
          </View>
          <View className='link' id='slots-edit-service' onClick={() => Taro.navigateTo({ url: withQuery(SERVICE_EDIT_PAGE, { id: s.id }) })}>
            编辑服务
          </View>
        </View>
      ) : null}

      <View className='actions'>
        <ActionButton grow kind={form === 'pattern' ? 'secondary' : 'primary'} id='pattern-new' onClick={() => open('pattern')}>
          批量发布
        </ActionButton>
        <ActionButton grow kind='secondary' id='slot-new' onClick={() => open('one')}>
          发布一个时段
        </ActionButton>
      </View>
      {result ? <View className='banner banner--ok' role='status' id='pattern-result'>{patternResultText(result)}</View> : null}
      {result && result.skippedDays.length ? (
        <View className='muted' id='pattern-skipped'>跳过的日期：{result.skippedDays.map(dayTitle).join('、')}</View>
      ) : null}
      {form === 'pattern' ? <PatternForm serviceId={serviceId} today={today} onDone={patterned} onCancel={() => setForm(undefined)} /> : null}
      {form === 'one' ? (
        <SlotForm serviceId={serviceId} today={today} onDone={() => { setForm(undefined); changed() }} onCancel={() => setForm(undefined)} />
      ) : null}

      <View className='month-switch day-switch' id='slots-range'>
        <ActionButton kind='secondary' id='slots-prev' disabled={from <= today} onClick={() => setFrom(addDays(from, -SPAN_DAYS))}>
          ‹ 前两周
        </ActionButton>
        <View className='month-switch__title'>
          {shortDay(from)} 至 {shortDay(to)}
        </View>
        <ActionButton kind='secondary' id='slots-next' onClick={() => setFrom(addDays(from, SPAN_DAYS))}>
          后两周 ›
        </ActionButton>
      </View>

      {slots.error ? <ErrorState error={slots.error} onRetry={() => void slots.reload()} /> : null}
      {slots.loading && !slots.data ? <Loading /> : null}
      {slots.data && days.length === 0 && !slots.error ? <Empty title='这两周还没有时段' hint='点「批量发布」按周发布，或「发布一个时段」。' /> : null}
      <View id='slot-list'>
        {days.map((d) => (
          <View key={d.day} className='card' id={`slot-day-${d.day}`}>
            <View className='card__title'>{dayTitle(d.day)}</View>
            {d.slots.map((slot) => (
              <SlotItem key={`${slot.id}:${slot.capacity}:${slot.status}`} slot={slot} onChanged={changed} />
            ))}
          </View>
        ))}
      </View>
    </PageShell>
  )
}
