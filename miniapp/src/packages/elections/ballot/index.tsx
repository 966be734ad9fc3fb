import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { asApiError, useResource } from '../../../hooks/useResource'
import { castBallot, getBallotPaper, type BallotPaperDto } from '../../../services/elections'
import { newIdempotencyKey, type ApiError } from '../../../services/request'
import { ELECTION_DETAIL_PAGE, withQuery } from '../../../utils/routes'
import '../elections.css'
import { saveReceipt } from '../receipt'
import ContestChoices from './ContestChoices'
import Receipt from './Receipt'

type Chosen = Record<number, number[]>

/** Refusals that another tap cannot change (already voted, round not open, not on the roll): only the way back is offered. */
const FINAL = [403, 409]

/** The contest a 422 INVALID_SELECTION names (`selections.<contestId>`), if any. */
export function contestOfError(e: ApiError): number | undefined {
  const field = e.fields?.[0]?.field.replace(/^body\./, '')
  const m = field?.match(/^selections\.(\d+)$/)
  return m ? Number(m[1]) : undefined
}

/**
 * 投票: choose per contest (no more than its seats), review the choices, confirm, cast. The
 * Idempotency-Key is made once per attempt and reused when 提交 is tapped again after a failure;
 * changing a choice starts a new attempt. Then the receipt, shown this once and kept on this phone only.
 */
export default function BallotPage() {
  const params = useRouter().params
  const id = Number(params.id)
  const roundId = Number(params.round)
  const valid = Number.isInteger(id) && id > 0 && Number.isInteger(roundId) && roundId > 0
  const paper = useResource(() => getBallotPaper(id, roundId), { immediate: valid })
  const [chosen, setChosen] = useState<Chosen>({})
  const [contestErrors, setContestErrors] = useState<Record<number, string>>({})
  const [reviewing, setReviewing] = useState(false)
  const [failure, setFailure] = useState<ApiError>()
  const [submitting, setSubmitting] = useState(false)
  const [tracker, setTracker] = useState<string>()
  const [saved, setSaved] = useState(false)
  const attemptKey = useRef<string | null>(null)

  const toggle = (c: BallotPaperDto['contests'][number], candidateId: number) => {
    const mine = chosen[c.id] ?? []
    if (!mine.includes(candidateId) && mine.length >= c.seats) {
      setContestErrors((all) => ({ ...all, [c.id]: `${c.name}最多选${c.seats}人。要换人，请先点已选的人取消。` }))
      return
    }
    setChosen({ ...chosen, [c.id]: mine.includes(candidateId) ? mine.filter((x) => x !== candidateId) : [...mine, candidateId] })
    setContestErrors(({ [c.id]: _gone, ...rest }) => rest)
    setFailure(undefined)
    attemptKey.current = null
  }

  const review = () => {
    setReviewing(true)
    setFailure(undefined)
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
  }

  const submit = async (p: BallotPaperDto) => {
    const ok = await Taro.showModal({ title: '确认投票', content: '投票提交后不能更改，确定提交？', confirmText: '确定提交', cancelText: '再看看' })
    if (!ok.confirm) return
    attemptKey.current ??= newIdempotencyKey()
    const selections = Object.fromEntries(p.contests.map((c) => [String(c.id), chosen[c.id] ?? []]))
    setSubmitting(true)
    setFailure(undefined)
    try {
      const done = await castBallot(id, { round: roundId, selections }, attemptKey.current)
      setSaved(saveReceipt(id, roundId, done.tracker))
      setTracker(done.tracker)
    } catch (e) {
      const err = asApiError(e)
      const contest = contestOfError(err)
      if (err.status === 422 && contest !== undefined) {
        setContestErrors({ [contest]: err.fields?.[0]?.message ?? err.message })
        setReviewing(false)
      } else {
        setFailure(err)
      }
    } finally {
      setSubmitting(false)
    }
  }

  const p = paper.data
  return (
    <PageShell>
      {!valid ? <Empty title='找不到这张选票' hint='链接不完整，请从选举详情的「去投票」打开。' /> : null}
      {valid && paper.loading && !p ? <Loading /> : null}
      {paper.error && !p ? <ErrorState error={paper.error} onRetry={paper.reload} /> : null}
      {p && tracker ? <Receipt electionId={id} tracker={tracker} saved={saved} /> : null}
      {p && !tracker ? (
        <View id='ballot'>
          <View className='hero'>
            <View className='hero__title'>{p.electionTitle}</View>
            <View className='hero__sub'>{`${p.round.name} · 无记名投票，别人看不到您选了谁`}</View>
          </View>
          {reviewing ? (
            <Review electionId={id} paper={p} chosen={chosen} failure={failure} submitting={submitting} onBack={() => setReviewing(false)} onSubmit={() => void submit(p)} />
          ) : (
            <View>
              {p.contests.map((c) => (
                <ContestChoices key={c.id} contest={c} chosen={chosen[c.id] ?? []} error={contestErrors[c.id]} onToggle={(k) => toggle(c, k)} />
              ))}
              <ActionButton block id='ballot-review' onClick={review}>
                下一步：核对选票
              </ActionButton>
            </View>
          )}
        </View>
      ) : null}
    </PageShell>
  )
}

/** The choices per contest (未选择（弃权） for none) before the one irreversible tap. */
function Review({ electionId, paper, chosen, failure, submitting, onBack, onSubmit }: {
  electionId: number; paper: BallotPaperDto; chosen: Chosen; failure?: ApiError; submitting: boolean; onBack: () => void; onSubmit: () => void
}) {
  const names = (c: BallotPaperDto['contests'][number]) => c.candidates.filter((k) => (chosen[c.id] ?? []).includes(k.id)).map((k) => k.name)
  return (
    <View className='card' id='ballot-summary'>
      <View className='card__title'>请核对您的选票</View>
      {paper.contests.map((c) => {
        const picked = names(c)
        return (
          <View key={c.id} className='item' id={`review-${c.id}`}>
            <View className='item__title'>{`${c.name}（应选${c.seats}人）`}</View>
            <View className={picked.length ? 'candidate__name' : 'muted'}>{picked.length ? picked.join('、') : '未选择（弃权）'}</View>
          </View>
        )
      })}
      {failure ? (
        <View className='banner banner--error' role='alert' id='ballot-error'>
          {failure.message}
          {failure.status === 0 ? '（请检查网络后再点「提交选票」，不会重复投票）' : ''}
        </View>
      ) : null}
      {failure && FINAL.includes(failure.status) ? (
        <ActionButton block id='ballot-leave' onClick={() => void Taro.redirectTo({ url: withQuery(ELECTION_DETAIL_PAGE, { id: electionId }) })}>
          返回选举
        </ActionButton>
      ) : (
        <View className='actions'>
          <ActionButton kind='secondary' grow id='ballot-back' disabled={submitting} onClick={onBack}>
            返回修改
          </ActionButton>
          <ActionButton grow id='ballot-submit' disabled={submitting} onClick={onSubmit}>
            {submitting ? '提交中…' : '提交选票'}
          </ActionButton>
        </View>
      )}
    </View>
  )
}
