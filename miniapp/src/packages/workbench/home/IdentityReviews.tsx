import { Input, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import ListFooter from '../../../components/ListFooter'
import { Empty, ListState } from '../../../components/StateView'
import { useCursorList } from '../../../hooks/useCursorList'
import { asApiError } from '../../../hooks/useResource'
import { listIdentityReviews, rejectIdentityReview, transferIdentityReview } from '../../../services/identityReviews'
import type { IdentityReviewDto } from '../../../services/types'
import { DECISION_REASON_LIMITS } from '../../../utils/limits'
import { formatDateTime } from '../../../utils/time'
import './IdentityReviews.css'
import InfoRow from '../../../components/InfoRow'

const PAGE_SIZE = 20
const STATES: Record<IdentityReviewDto['status'], string> = { pending: '待核实', rejected: '已驳回', transferred: '已改登记', withdrawn: '已撤回' }
const TAGS: Record<IdentityReviewDto['status'], string> = { pending: 'tag--pending', rejected: 'tag--rejected', transferred: 'tag--approved', withdrawn: 'tag--withdrawn' }
type Party = IdentityReviewDto['claimant']

type Decision = 'reject' | 'transfer'
const DECISIONS: Record<Decision, { button: string; title: string; explain: string; placeholder: string; send: (id: number, reason: string) => Promise<IdentityReviewDto> }> = {
  reject: {
    button: '驳回申请',
    title: '驳回身份核实申请',
    explain: '驳回后，申请人的身份证号将被清除，申请人会收到驳回原因；现登记人不受影响。',
    placeholder: '会随通知发给申请人（至少2个字）',
    send: rejectIdentityReview,
  },
  transfer: {
    button: '改登记给申请人',
    title: '改登记给申请人',
    explain: '确认后，该身份证号登记到申请人名下；现登记人的身份证号将被清除，其已通过的房屋绑定需重新审核。双方都会收到通知。',
    placeholder: '核实的依据，如查验了身份证原件（至少2个字）',
    send: transferIdentityReview,
  },
}

/**
 * 身份核实 for committee and street staff: ID numbers claimed by a second account, with both sides
 * masked and the addresses each has bound. Which decisions an item offers comes from its
 * `policies` (committee staff decide, street staff follow); each needs a reason and a
 * confirmation. `refreshSignal` changes on pull-down refresh.
 */
export default function IdentityReviews({ refreshSignal = 0 }: { refreshSignal?: number }) {
  const list = useCursorList((cursor) => listIdentityReviews({ status: 'pending', limit: PAGE_SIZE, cursor: cursor ?? undefined }))
  const firstSignal = useRef(refreshSignal)
  useEffect(() => {
    if (refreshSignal !== firstSignal.current) void list.reload()
  }, [refreshSignal])
  const replace = (updated: IdentityReviewDto) => list.update((items) => items.map((r) => (r.id === updated.id ? updated : r)))

  return (
    <View id='identity-reviews'>
      <ListState list={list} empty={<Empty title='没有待核实的身份' hint='有居民登记的身份证号与已有账号相同时，会出现在这里。' />} />
      {list.items.map((r) => (
        <ReviewItem key={r.id} review={r} onDecided={replace} />
      ))}
      {list.items.length ? <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore} onMore={() => void list.loadMore()} /> : null}
    </View>
  )
}

function PartyView({ title, party }: { title: string; party: Party | null }) {
  return (
    <View className='identity-party'>
      <View className='item__title'>{title}</View>
      {party ? (
        <View>
          <InfoRow label='姓名'>{party.realName ?? '未填写'}</InfoRow>
          <InfoRow label='身份证号'>{party.idNumber ?? '—'}</InfoRow>
          <InfoRow label='已绑定房屋'>{party.households.length ? party.households.join('；') : '无'}</InfoRow>
          {party.otherHouseholds ? <View className='item__meta'>另有 {party.otherHouseholds} 处房屋不在您的管辖范围</View> : null}
        </View>
      ) : (
        <View className='muted'>现登记人已注销或已撤回实名信息。</View>
      )}
    </View>
  )
}

/** One review: claimant and holder side by side, then the decisions its policies allow. */
export function ReviewItem({ review, onDecided }: { review: IdentityReviewDto; onDecided: (r: IdentityReviewDto) => void }) {
  const [deciding, setDeciding] = useState<Decision>()
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const allowed = (['reject', 'transfer'] as const).filter((d) => review.policies[d])

  const confirm = async () => {
    if (!deciding) return
    const text = reason.trim()
    if (text.length < DECISION_REASON_LIMITS.min) {
      setReasonError('请填写处理原因（至少2个字）')
      return
    }
    setReasonError(undefined)
    const d = DECISIONS[deciding]
    const answer = await Taro.showModal({ title: d.title, content: d.explain, confirmText: '确认', cancelText: '取消' })
    if (!answer.confirm) return
    setBusy(true)
    setError(undefined)
    try {
      onDecided(await d.send(review.id, text))
      setDeciding(undefined)
    } catch (e) {
      const err = asApiError(e)
      if (err.fieldMessage('reason')) setReasonError(err.fieldMessage('reason'))
      else setError(err.code === 'IDENTITY_REVIEW_DECIDED' ? '该申请已由其他工作人员处理，请下拉刷新。' : err.message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='card identity-review' id={`identity-review-${review.id}`}>
      <View className='item__head'>
        <View className='item__title'>身份证号重复登记</View>
        <View className={`tag ${TAGS[review.status]}`}>{STATES[review.status]}</View>
      </View>
      <View className='item__meta'>提交于 {formatDateTime(review.createdAt)}{review.decidedAt ? ` · 处理于 ${formatDateTime(review.decidedAt)}` : ''}</View>
      <PartyView title='申请人' party={review.claimant} />
      <PartyView title='现登记人' party={review.holder} />
      {review.reason ? <View className='item__meta'>处理原因：{review.reason}</View> : null}
      {error ? <View className='banner banner--error' role='alert'>{error}</View> : null}
      {deciding ? (
        <View className={`field${reasonError ? ' field--invalid' : ''}`} id={`identity-reason-${review.id}`}>
          <View className='field__label'>{DECISIONS[deciding].button}的原因</View>
          <Input className='input' value={reason} maxlength={DECISION_REASON_LIMITS.max} placeholder={DECISIONS[deciding].placeholder} onInput={(e) => setReason(e.detail.value)} />
          {reasonError ? <View className='field__error' role='alert'>{reasonError}</View> : null}
        </View>
      ) : null}
      {allowed.length && review.status === 'pending' ? (
        <View className='actions'>
          {deciding ? (
            <>
              <ActionButton kind='secondary' grow disabled={busy} onClick={() => setDeciding(undefined)}>
                取消
              </ActionButton>
              <ActionButton kind={deciding === 'reject' ? 'danger' : 'primary'} grow disabled={busy} onClick={confirm}>
                {busy ? '提交中…' : `确认${DECISIONS[deciding].button}`}
              </ActionButton>
            </>
          ) : (
            allowed.map((d) => (
              <ActionButton key={d} kind={d === 'reject' ? 'danger' : 'secondary'} grow onClick={() => setDeciding(d)}>
                {DECISIONS[d].button}
              </ActionButton>
            ))
          )}
        </View>
      ) : null}
    </View>
  )
}
