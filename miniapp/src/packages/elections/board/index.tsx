import { Input, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import ListFooter from '../../../components/ListFooter'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { asApiError } from '../../../hooks/useResource'
import { readBoard, type BoardDto } from '../../../services/elections'
import type { ApiError } from '../../../services/request'
import '../elections.css'
import { groupTracker, normalizeTracker } from '../format'
import { savedReceipt } from '../receipt'

const PAGE_SIZE = 100
const TRACKER = /^[0-9A-Z]{12}$/

/**
 * 回执码公示: the round's totals, 「输入您的回执码核对」 (spaces ignored, any case), and every
 * tracker of the round in order, 加载更多 by cursor.
 */
export default function BoardPage() {
  const params = useRouter().params
  const id = Number(params.id)
  const roundId = Number(params.round)
  const valid = Number.isInteger(id) && id > 0 && Number.isInteger(roundId) && roundId > 0
  const [board, setBoard] = useState<BoardDto>()
  const [trackers, setTrackers] = useState<string[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(valid)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<ApiError>()
  const seq = useRef(0)

  const load = useCallback(async (from: string | null) => {
    const mine = from ? seq.current : ++seq.current
    from ? setLoadingMore(true) : setLoading(true)
    setError(undefined)
    try {
      const page = await readBoard(id, roundId, { limit: PAGE_SIZE, cursor: from })
      if (mine !== seq.current) return
      setBoard(page.board)
      setTrackers((before) => (from ? [...before, ...page.board.trackers] : page.board.trackers))
      setCursor(page.nextCursor)
    } catch (e) {
      if (mine === seq.current) setError(asApiError(e))
    } finally {
      from ? setLoadingMore(false) : setLoading(false)
    }
  }, [id, roundId])

  useEffect(() => {
    if (valid) void load(null)
  }, [load])
  usePullDownRefresh(() => void load(null).finally(() => Taro.stopPullDownRefresh()))

  return (
    <PageShell>
      {!valid ? <Empty title='找不到这个公示板' hint='链接不完整，请从选举详情的「查看回执码公示」打开。' /> : null}
      {valid && loading && !board ? <Loading /> : null}
      {error && !board ? <ErrorState error={error} onRetry={() => void load(null)} /> : null}
      {board ? (
        <View id='board'>
          <View className='card' id='board-totals'>
            <View className='card__title'>{`${board.round.name} 回执码公示`}</View>
            <View className='totals'>
              <View className='totals__cell'>
                <View className='totals__value' id='board-tracker-count'>{board.trackerCount}</View>
                <View className='muted'>公示的回执码</View>
              </View>
              <View className='totals__cell'>
                <View className='totals__value' id='board-voted-online'>{board.votedOnline}</View>
                <View className='muted'>网上投票人数</View>
              </View>
            </View>
            <View className='muted election-text'>两个数相等，说明每一位网上投票的选民都有一张选票计入，没有多也没有少。</View>
          </View>
          <TrackerSearch electionId={id} roundId={roundId} />
          <View className='card' id='board-list'>
            <View className='card__title'>全部回执码（按顺序排列）</View>
            {trackers.length === 0 ? <Empty title='本轮没有网上投票的回执码' /> : null}
            {trackers.map((t) => (
              <View key={t} className='tracker-row'>{groupTracker(t)}</View>
            ))}
            {trackers.length > 0 ? <ListFooter error={error} nextCursor={cursor} loadingMore={loadingMore} onMore={() => void load(cursor)} /> : null}
          </View>
        </View>
      ) : null}
    </PageShell>
  )
}

/**
 * 输入您的回执码核对: asks the board whether this code is on it. A code saved on this phone when
 * voting fills the box and is offered as 核对我保存的回执码.
 */
function TrackerSearch({ electionId, roundId }: { electionId: number; roundId: number }) {
  const [saved] = useState(() => savedReceipt(electionId, roundId))
  const [typed, setTyped] = useState(saved ? groupTracker(saved) : '')
  const [result, setResult] = useState<{ found: boolean; code: string }>()
  const [problem, setProblem] = useState<string>()
  const [busy, setBusy] = useState(false)

  const search = async (what = typed) => {
    const code = normalizeTracker(what)
    setResult(undefined)
    if (!TRACKER.test(code)) return setProblem('回执码是12位字母和数字，请对照您保存的回执码输入')
    setProblem(undefined)
    setBusy(true)
    try {
      const page = await readBoard(electionId, roundId, { tracker: code, limit: 1 })
      setResult({ found: page.board.found === true, code })
    } catch (e) {
      setProblem(asApiError(e).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='card' id='board-check'>
      <Field label='输入您的回执码核对' error={problem} hint={saved ? '已填入您投票时保存在本机的回执码；也可改成别的回执码再核对' : '共12位，空格和大小写都不要紧'} id='board-search'>
        <Input className='input' value={typed} maxlength={20} placeholder='例如 K7M3 QX9A 2B4C' onInput={(e) => setTyped(e.detail.value)} />
      </Field>
      <ActionButton block id='board-search-submit' disabled={busy} onClick={() => void search()}>
        {busy ? '查找中…' : '核对'}
      </ActionButton>
      {saved ? (
        <ActionButton block kind='secondary' id='board-check-saved' disabled={busy} onClick={() => { setTyped(groupTracker(saved)); void search(saved) }}>
          核对我保存的回执码
        </ActionButton>
      ) : null}
      {result ? (
        <View className={`banner ${result.found ? 'banner--ok' : 'banner--error'}`} role='status' id='board-result'>
          {result.found
            ? `找到了：回执码 ${groupTracker(result.code)} 在公示板上，您的选票已计入。`
            : `没有找到回执码 ${groupTracker(result.code)}。请核对后重新输入；确认无误仍找不到，请联系社区选举工作人员或监票人。`}
        </View>
      ) : null}
    </View>
  )
}
