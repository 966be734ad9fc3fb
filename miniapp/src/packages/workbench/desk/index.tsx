import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { asApiError, useResource } from '../../../hooks/useResource'
import { getRegionTree } from '../../../services/regions'
import { listDeskDay, listManagedServices, lookupBooking, type DeskBookingDto } from '../../../services/serviceDesk'
import { shanghaiParts } from '../../../utils/time'
import Chip from '../../../components/Chip'
import { addDays, dayTitle } from '../slots/pattern'
import { codeProblem, idleHint, normaliseCode } from './actions'
import DeskBooking from './DeskBooking'
import '../workbench.css'
import '../desk.css'

/**
 * 预约窗口: look a booking up by the code the resident shows (typed, or its QR code scanned in
 * WeChat) and check them in; the day's bookings of a window, with 确认, 办结 and 未到场 as the
 * API allows. Date ‹ › moves by a day; the windows are the departments of the services.
 */
export default function DeskPage() {
  const today = shanghaiParts(new Date()).date
  const tree = useResource(getRegionTree)
  const communities = (tree.data ?? []).flatMap((s) => s.children)
  const [picked, setPicked] = useState<number>()
  const communityId = picked ?? communities[0]?.id
  const [date, setDate] = useState(today)
  const [department, setDepartment] = useState<string>()

  const services = useResource(() => (communityId ? listManagedServices(communityId) : Promise.resolve([])), { immediate: false })
  const day = useResource(() => (communityId ? listDeskDay({ communityId, date, department }) : Promise.resolve([])), { immediate: false })
  useEffect(() => {
    if (communityId) void services.reload()
    setDepartment(undefined)
  }, [communityId])
  useEffect(() => {
    if (communityId) void day.reload()
  }, [communityId, date, department])
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current && communityId) void day.reload()
    shown.current = true
  })
  usePullDownRefresh(() => void (communityId ? day.reload() : tree.reload()).finally(() => Taro.stopPullDownRefresh()))

  const departments = [...new Set((services.data ?? []).map((s) => s.department))].sort()
  const changed = () => void day.reload()

  return (
    <PageShell>
      {tree.error ? <ErrorState error={tree.error} onRetry={() => void tree.reload()} /> : null}
      {tree.data && communities.length === 0 ? <Empty title='您的管辖范围内没有社区' /> : null}
      {communities.length > 1 ? (
        <View className='chips filter-row filter-row--scroll' role='radiogroup' aria-label='社区'>
          {communities.map((c) => (
            <Chip key={c.id} id={`desk-community-${c.id}`} active={communityId === c.id} onTap={() => setPicked(c.id)}>
              {c.name}
            </Chip>
          ))}
        </View>
      ) : null}

      <CodeLookup onChanged={changed} />

      <View className='month-switch day-switch' id='desk-date'>
        <ActionButton kind='secondary' id='desk-prev-day' onClick={() => setDate(addDays(date, -1))}>
          ‹ 前一天
        </ActionButton>
        <View className='month-switch__title' id='desk-date-title'>
          {dayTitle(date)}
          {date === today ? <Text className='day-switch__today'>今天</Text> : null}
        </View>
        <ActionButton kind='secondary' id='desk-next-day' onClick={() => setDate(addDays(date, 1))}>
          后一天 ›
        </ActionButton>
      </View>
      {date !== today ? (
        <View className='link' id='desk-today' onClick={() => setDate(today)}>
          回到今天
        </View>
      ) : null}
      {departments.length > 1 ? (
        <View className='chips filter-row filter-row--scroll' role='radiogroup' aria-label='窗口'>
          <Chip id='desk-window-all' active={!department} onTap={() => setDepartment(undefined)}>
            全部窗口
          </Chip>
          {departments.map((d, i) => (
            <Chip key={d} id={`desk-window-${i}`} active={department === d} onTap={() => setDepartment(d)}>
              {d}
            </Chip>
          ))}
        </View>
      ) : null}

      <View className='card' id='desk-day-list'>
        <View className='card__title'>
          {department ?? '全部窗口'} · {day.data ? `${day.data.length} 个预约` : '预约'}
        </View>
        {day.error ? <ErrorState error={day.error} onRetry={() => void day.reload()} /> : null}
        {day.loading && !day.data ? <Loading /> : null}
        {day.data && day.data.length === 0 && !day.error ? <Empty title='这天没有预约' /> : null}
        {(day.data ?? []).map((b) => (
          <DeskBooking key={`${b.id}:${b.status}`} booking={b} cardId={`desk-row-${b.id}`} buttonPrefix={`desk-row-${b.id}`} withCheckIn={false} onChanged={changed} />
        ))}
      </View>
    </PageShell>
  )
}

/** The code box: type (or scan, in WeChat) the resident's code, 查询, then 签到 on the card found. */
function CodeLookup({ onChanged }: { onChanged: () => void }) {
  const [code, setCode] = useState('')
  const [found, setFound] = useState<DeskBookingDto>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const canScan = process.env.TARO_ENV !== 'h5'

  const lookup = async (raw: string) => {
    if (busy) return
    const normal = normaliseCode(raw)
    setCode(normal)
    setFound(undefined)
    const problem = codeProblem(normal)
    setError(problem)
    if (problem) return
    setBusy(true)
    try {
      setFound(await lookupBooking(normal))
    } catch (e) {
      const err = asApiError(e)
      setError(err.status === 404 ? '没有找到这个预约码，请核对后重试' : err.fields?.[0]?.message ?? err.message)
    } finally {
      setBusy(false)
    }
  }

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      await lookup(res.result)
    } catch {
      // The staff member closed the scanner: nothing to do.
    }
  }

  return (
    <View className='card' id='desk-lookup-card'>
      <View className='card__title'>核验预约码</View>
      <View className={`desk-code-row${error ? ' field--invalid' : ''}`}>
        <View id='desk-code' className='desk-code'>
          <Input className='input desk-code__input' value={code} maxlength={12} placeholder='输入居民出示的8位预约码' confirmType='search'
            onInput={(e) => setCode(e.detail.value)} onConfirm={(e) => void lookup(e.detail.value)} />
        </View>
        <ActionButton id='desk-lookup' disabled={busy} onClick={() => void lookup(code)}>
          {busy ? '查询中…' : '查询'}
        </ActionButton>
      </View>
      {canScan ? (
        <ActionButton kind='secondary' block id='desk-scan' onClick={() => void scan()}>
          扫描居民的预约二维码
        </ActionButton>
      ) : null}
      {error ? <View className='field__error' role='alert' id='desk-lookup-error'>{error}</View> : null}
      {found ? (
        <DeskBooking key={`${found.id}:${found.status}`} booking={found} cardId='desk-booking' buttonPrefix='desk' withCheckIn
          onChanged={(b) => { setFound(b); onChanged() }} />
      ) : null}
      {found && idleHint(found) ? <View className='banner banner--info' id='desk-booking-hint'>{idleHint(found)}</View> : null}
    </View>
  )
}
