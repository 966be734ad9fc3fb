import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState, type ReactNode } from 'react'
import ActionButton from '../../../components/ActionButton'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import type { Resource } from '../../../hooks/useResource'
import { asApiError } from '../../../hooks/useResource'
import { withdrawCandidate, type CandidateDto } from '../../../services/elections'
import { fileUrl } from '../../../services/request'

/** One candidate: photo, name, building, contest, statement; for my own candidacy its status and the review's reason. */
function CandidateCard({ c, children }: { c: CandidateDto; children?: ReactNode }) {
  return (
    <View className='item candidate' id={`candidacy-${c.id}`}>
      {c.photoUrl ? <Image className='candidate__photo' src={fileUrl(c.photoUrl)} mode='aspectFill' lazyLoad /> : null}
      <View className='candidate__main'>
        <View className='item__head'>
          <View className='candidate__name'>{c.name}</View>
          {c.mine || c.status !== 'approved' ? <View className={`tag tag--${c.status}`}>{c.statusLabel}</View> : null}
        </View>
        <View className='item__meta'>{c.buildingLabel} · 竞选{c.contestName}</View>
        {c.statement ? <View className='election-text'>{c.statement}</View> : null}
        {c.reviewReason ? <View className={c.status === 'rejected' ? 'field__error' : 'item__meta'}>审查意见：{c.reviewReason}</View> : null}
        {children}
      </View>
    </View>
  )
}

/**
 * 候选人名单: my own candidacy first (with 退出参选 when the API allows it), then the approved
 * candidates. `archived` hides every action.
 */
export default function Candidates({ electionId, candidates, archived }: { electionId: number; candidates: Resource<CandidateDto[]>; archived: boolean }) {
  const [busy, setBusy] = useState<number>()
  const [error, setError] = useState<string>()
  const mine = candidates.data?.filter((c) => c.mine) ?? []
  const approved = candidates.data?.filter((c) => !c.mine && c.status === 'approved') ?? []

  const withdraw = async (c: CandidateDto) => {
    const ok = await Taro.showModal({ title: '退出参选', content: `确定退出「${c.contestName}」的参选吗？退出后不能恢复。`, confirmText: '确定退出', cancelText: '再想想' })
    if (!ok.confirm) return
    setBusy(c.id)
    setError(undefined)
    try {
      await withdrawCandidate(electionId, c.id)
    } catch (e) {
      setError(asApiError(e).message)
    } finally {
      setBusy(undefined)
      await candidates.reload()
    }
  }

  return (
    <View className='card' id='candidates'>
      <View className='card__title'>候选人</View>
      {candidates.loading && !candidates.data ? <Loading /> : null}
      {candidates.error && !candidates.data ? <ErrorState error={candidates.error} onRetry={candidates.reload} /> : null}
      {error ? <View className='banner banner--error' role='alert' id='withdraw-error'>{error}</View> : null}
      {mine.map((c) => (
        <CandidateCard key={c.id} c={c}>
          {!archived && c.allowedActions.withdraw ? (
            <ActionButton kind='danger' id={`withdraw-${c.id}`} disabled={busy === c.id} onClick={() => void withdraw(c)}>
              {busy === c.id ? '正在退出…' : '退出参选'}
            </ActionButton>
          ) : null}
        </CandidateCard>
      ))}
      {approved.map((c) => (
        <CandidateCard key={c.id} c={c} />
      ))}
      {candidates.data && mine.length + approved.length === 0 ? <Empty title='还没有公布的候选人' hint='资格审查通过后，候选人名单会显示在这里。' /> : null}
    </View>
  )
}
