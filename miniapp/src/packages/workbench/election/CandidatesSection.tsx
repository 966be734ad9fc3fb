import { Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import { ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { listCandidates, reviewCandidate, signUp, type CandidateDto, type ElectionDetailDto } from '../../../services/elections'
import Chip from '../../../components/Chip'
import PersonPicker from './PersonPicker'
import { useAction } from '../../../hooks/useAction'
import { ActionError, ReasonPanel } from './shared'

/**
 * 候选人 by contest with their review state; during 报名 staff nominate a voter (提名), during
 * 资格审查 they approve or reject (a reason is required to reject; the candidate is told).
 */
export default function CandidatesSection({ election: e }: { election: ElectionDetailDto }) {
  const candidates = useResource(() => listCandidates(e.id))
  const action = useAction()
  const [rejecting, setRejecting] = useState<number>()
  const [nominating, setNominating] = useState(false)
  const canNominate = e.allowedActions.nominate

  const review = async (c: CandidateDto, approved: boolean, reason?: string) => {
    const done = await action.run(() => reviewCandidate(e.id, c.id, approved ? { approved } : { approved, reason }), {
      confirm: approved
        ? { title: '资格审查通过', content: `确定${c.name}通过资格审查吗？通过后将列入公开的候选人名单。`, confirmText: '通过' }
        : { title: '资格审查不通过', content: `确定${c.name}不通过资格审查吗？原因会告知本人。`, confirmText: '不通过' },
      done: '已审查',
    })
    if (done) {
      setRejecting(undefined)
      await candidates.reload()
    }
  }

  const list = candidates.data ?? []
  return (
    <View className='card' id='candidates-section'>
      <View className='card__title'>候选人</View>
      {candidates.error ? <ErrorState error={candidates.error} onRetry={() => void candidates.reload()} /> : null}
      {!candidates.data && candidates.loading ? <Loading /> : null}
      <ActionError error={action.error} id='candidate-error' />
      {canNominate ? (
        nominating ? (
          <NominateForm election={e} onDone={() => { setNominating(false); void candidates.reload() }} onCancel={() => setNominating(false)} />
        ) : (
          <ActionButton kind='secondary' block id='candidate-nominate' onClick={() => setNominating(true)}>提名候选人</ActionButton>
        )
      ) : null}
      {candidates.data
        ? e.contests.map((contest) => {
            const of = list.filter((c) => c.contestId === contest.id)
            return (
              <View key={contest.id} id={`contest-${contest.id}`}>
                <View className='section-title'>{contest.name}（应选{contest.seats}名，报名{of.length}人）</View>
                {of.length === 0 ? <View className='muted'>还没有人报名。</View> : null}
                {of.map((c) => (
                  <View key={c.id} className='item election-candidate' id={`candidate-${c.id}`}>
                    <View className='item__head'>
                      <View className='item__title'>{c.name}</View>
                      <View className={`tag tag--${c.status}`}>{c.statusLabel}</View>
                    </View>
                    <View className='item__meta'>{c.buildingLabel}{c.source === 'staff' ? ' · 工作人员提名' : ''}{c.advanced ? ' · 进入正式选举' : ''}</View>
                    {c.statement ? <View className='election-statement'>{c.statement}</View> : null}
                    {c.reviewReason ? <View className='item__meta'>审查意见：{c.reviewReason}</View> : null}
                    {e.allowedActions.review && c.allowedActions.review && rejecting !== c.id ? (
                      <View className='actions'>
                        <ActionButton grow id={`candidate-${c.id}-approve`} disabled={action.busy} onClick={() => void review(c, true)}>通过</ActionButton>
                        <ActionButton grow kind='danger' id={`candidate-${c.id}-reject`} onClick={() => setRejecting(c.id)}>不通过</ActionButton>
                      </View>
                    ) : null}
                    {rejecting === c.id ? (
                      <ReasonPanel id='review-reason' label='不通过的原因' placeholder='例如：不在本社区选民名单上' confirmId='review-confirm' confirmText='确定不通过' danger
                        busy={action.busy} onSubmit={(reason) => void review(c, false, reason)} onCancel={() => setRejecting(undefined)} />
                    ) : null}
                  </View>
                ))}
              </View>
            )
          })
        : null}
    </View>
  )
}

/** 提名: a voter (found by name or house, or a user number typed) for one contest, with an optional statement. */
function NominateForm({ election: e, onDone, onCancel }: { election: ElectionDetailDto; onDone: () => void; onCancel: () => void }) {
  const [userId, setUserId] = useState<number>()
  const [contestId, setContestId] = useState(e.contests[0]?.id)
  const [statement, setStatement] = useState('')
  const [error, setError] = useState<string>()
  const action = useAction()
  const submit = async () => {
    if (userId === undefined) return setError('请查找并点选被提名的居民（也可填用户编号）')
    setError(undefined)
    const done = await action.run(() => signUp(e.id, { contestId: contestId!, statement: statement.trim(), userId }), { done: '已提名' })
    if (done) onDone()
  }
  return (
    <View className='election-panel' id='nominate-form'>
      <PersonPicker electionId={e.id} id='nominate-user' label='被提名的居民' error={error} hint='须在选民名单上。输入姓名或门牌号后点「查找」，再点选' onChange={setUserId} />
      <Field label='职位' id='nominate-contest'>
        <View className='chips' role='radiogroup'>
          {e.contests.map((c) => (
            <Chip key={c.id} id={`nominate-contest-${c.id}`} active={contestId === c.id} onTap={() => setContestId(c.id)}>{c.name}</Chip>
          ))}
        </View>
      </Field>
      <Field label='竞选陈述（可不填）' id='nominate-statement'>
        <Textarea className='textarea textarea--short' value={statement} maxlength={1000} autoHeight onInput={(ev) => setStatement(ev.detail.value)} />
      </Field>
      <ActionError error={action.error} id='nominate-error' />
      <View className='actions'>
        <ActionButton grow id='nominate-submit' disabled={action.busy} onClick={() => void submit()}>提名</ActionButton>
        <ActionButton grow kind='secondary' onClick={onCancel}>取消</ActionButton>
      </View>
    </View>
  )
}
