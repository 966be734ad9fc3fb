import { Input, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { asApiError } from '../../../hooks/useResource'
import { approveBinding, listBindings, rejectBinding } from '../../../services/households'
import type { ApiError } from '../../../services/request'
import type { BindingDto } from '../../../services/types'
import { DECISION_REASON_LIMITS } from '../../../utils/limits'
import { useReasonedAction } from '../useReasonedAction'
import { formatDateTime } from '../../../utils/time'
import ActionButton from '../../../components/ActionButton'
import InfoRow from '../../../components/InfoRow'

const PAGE_SIZE = 20

type ListState = { items: BindingDto[]; nextCursor: string | null; loading: boolean; loadingMore: boolean; error?: ApiError }

/**
 * Pending household bindings in the caller's scope, newest first, with 加载更多 by cursor.
 * Which buttons an item shows comes from its `policies`, never from rules repeated here.
 * `refreshSignal` changes when the page asks for a reload (pull-down refresh).
 */
export default function PendingBindings({ refreshSignal = 0, onRefreshed }: { refreshSignal?: number; onRefreshed?: () => void }) {
  const [state, setState] = useState<ListState>({ items: [], nextCursor: null, loading: true, loadingMore: false })
  const seq = useRef(0)

  const loadFirst = useCallback(async () => {
    const mine = ++seq.current
    setState((s) => ({ ...s, loading: true, error: undefined }))
    try {
      const page = await listBindings({ status: 'pending', limit: PAGE_SIZE })
      if (mine === seq.current) setState({ items: page.items, nextCursor: page.nextCursor, loading: false, loadingMore: false })
    } catch (e) {
      if (mine === seq.current) setState((s) => ({ ...s, loading: false, error: asApiError(e) }))
    } finally {
      onRefreshed?.()
    }
  }, [onRefreshed])

  const loadMore = async () => {
    if (!state.nextCursor || state.loadingMore) return
    const mine = seq.current
    setState((s) => ({ ...s, loadingMore: true, error: undefined }))
    try {
      const page = await listBindings({ status: 'pending', limit: PAGE_SIZE, cursor: state.nextCursor })
      if (mine !== seq.current) return
      setState((s) => {
        const seen = new Set(s.items.map((b) => b.id))
        return { ...s, items: [...s.items, ...page.items.filter((b) => !seen.has(b.id))], nextCursor: page.nextCursor, loadingMore: false }
      })
    } catch (e) {
      if (mine === seq.current) setState((s) => ({ ...s, loadingMore: false, error: asApiError(e) }))
    }
  }

  useEffect(() => {
    void loadFirst()
  }, [refreshSignal])

  const replace = (updated: BindingDto) => setState((s) => ({ ...s, items: s.items.map((b) => (b.id === updated.id ? updated : b)) }))

  if (state.loading && state.items.length === 0) return <Loading />
  if (state.error && state.items.length === 0) return <ErrorState error={state.error} onRetry={loadFirst} />
  if (state.items.length === 0) return <Empty title='没有待审核的绑定申请' hint='下拉可刷新。' />

  return (
    <View id='pending-bindings'>
      {state.items.map((b) => (
        <PendingItem key={b.id} binding={b} onDecided={replace} />
      ))}
      {state.error ? <View className='banner banner--error' role='alert'>{state.error.message}</View> : null}
      {state.nextCursor ? (
        <ActionButton kind='secondary' block id='load-more' disabled={state.loadingMore} onClick={loadMore}>
          {state.loadingMore ? '加载中…' : '加载更多'}
        </ActionButton>
      ) : (
        <View className='muted state__meta'>没有更多了</View>
      )}
    </View>
  )
}

/** One request: who (masked), which household, relation, when; the actions its policies allow. */
export function PendingItem({ binding, onDecided }: { binding: BindingDto; onDecided: (b: BindingDto) => void }) {
  const [rejecting, setRejecting] = useState(false)
  const { reason, setReason, reasonError, busy, error, reasonText, run } = useReasonedAction(DECISION_REASON_LIMITS.min, '请填写驳回原因（至少2个字）')
  const r = binding.resident
  const h = binding.household

  const act = async (action: () => Promise<BindingDto>) => {
    if (await run(async () => onDecided(await action()))) setRejecting(false)
  }

  const approve = async () => {
    const { confirm } = await Taro.showModal({
      title: '通过申请',
      content: `确认${r?.realName ?? '该居民'}以「${binding.relationLabel}」身份绑定「${h.address}」？`,
      confirmText: '通过',
      cancelText: '取消',
    })
    if (confirm) await act(() => approveBinding(binding.id))
  }

  const reject = async () => {
    const text = reasonText()
    if (text) await act(() => rejectBinding(binding.id, text))
  }

  return (
    <View className='card pending-item' id={`pending-${binding.id}`}>
      <View className='item__head'>
        <View className='item__title'>{h.address}</View>
        <View className={`tag tag--${binding.status}`}>{binding.statusLabel}</View>
      </View>
      <InfoRow label='申请人'>{r?.realName ?? '未实名'}</InfoRow>
      <InfoRow label='身份证号'>{r?.idNumber ?? '—'}</InfoRow>
      <InfoRow label='手机号'>{r?.phone ?? '—'}</InfoRow>
      <InfoRow label='关系'>{binding.relationLabel}</InfoRow>
      <InfoRow label='网格'>{`${h.community.name} · ${h.grid.name}`}</InfoRow>
      <InfoRow label='申请时间'>{formatDateTime(binding.createdAt)}</InfoRow>
      {binding.status === 'rejected' && binding.reason ? <View className='field__error'>驳回原因：{binding.reason}</View> : null}
      {error ? <View className='banner banner--error' role='alert'>{error}</View> : null}
      {rejecting && binding.policies.reject ? (
        <View className={`field${reasonError ? ' field--invalid' : ''}`} id={`reject-reason-${binding.id}`}>
          <View className='field__label'>驳回原因</View>
          <Input className='input' value={reason} maxlength={DECISION_REASON_LIMITS.max} placeholder='告诉居民为什么未通过（至少2个字）' onInput={(e) => setReason(e.detail.value)} />
          {reasonError ? <View className='field__error' role='alert'>{reasonError}</View> : null}
        </View>
      ) : null}
      {binding.policies.approve || binding.policies.reject ? (
        <View className='actions'>
          {binding.policies.approve && !rejecting ? (
            <ActionButton grow disabled={busy} onClick={approve}>
              通过
            </ActionButton>
          ) : null}
          {binding.policies.reject && !rejecting ? (
            <ActionButton kind='danger' grow disabled={busy} onClick={() => setRejecting(true)}>
              驳回
            </ActionButton>
          ) : null}
          {rejecting ? (
            <ActionButton kind='secondary' grow disabled={busy} onClick={() => setRejecting(false)}>
              取消
            </ActionButton>
          ) : null}
          {rejecting ? (
            <ActionButton kind='danger' grow disabled={busy} onClick={reject}>
              确认驳回
            </ActionButton>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
