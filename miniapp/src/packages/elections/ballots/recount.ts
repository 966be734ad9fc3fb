import type { BallotListDto, RoundResultDto } from '../../../services/elections'

type Ballot = BallotListDto['ballots'][number]
export type RecountRow = { contestId: number; candidateId: number; name: string; recounted: number; online: number }

/** A ballot's short id for reading aloud: its first 8 hex characters. */
export function shortBallotId(id: string): string {
  return id.replace(/[^0-9a-f]/gi, '').slice(0, 8).toLowerCase()
}

/** A ballot's choices per contest of the round, by candidate name (none: 空白). */
export function ballotLines(round: RoundResultDto, ballot: Ballot): { contestId: number; contest: string; names: string }[] {
  return round.contests.map((c) => {
    const names = ballot.choices
      .filter((x) => x.contestId === c.contestId)
      .map((x) => c.candidates.find((k) => k.candidateId === x.candidateId)?.name ?? `编号${x.candidateId}的候选人`)
    return { contestId: c.contestId, contest: c.name, names: names.length ? names.join('、') : '空白' }
  })
}

/** The votes each candidate has on the ballots loaded so far, next to the online votes of the count. */
export function recount(round: RoundResultDto, ballots: Ballot[]): RecountRow[] {
  const tally = new Map<string, number>()
  for (const b of ballots) for (const x of b.choices) tally.set(`${x.contestId}:${x.candidateId}`, (tally.get(`${x.contestId}:${x.candidateId}`) ?? 0) + 1)
  return round.contests.flatMap((c) =>
    c.candidates.map((k) => ({ contestId: c.contestId, candidateId: k.candidateId, name: k.name, recounted: tally.get(`${c.contestId}:${k.candidateId}`) ?? 0, online: k.onlineVotes })),
  )
}

/**
 * The verdict in plain words: how far the check has got, and once every ballot is loaded whether
 * it agrees with the count (each difference named).
 */
export function verdict(rows: RecountRow[], loaded: number, ballotCount: number, complete: boolean): { ok: boolean | null; text: string } {
  if (!complete) return { ok: null, text: `已核对 ${loaded} / ${ballotCount} 张选票。请点「加载更多」核对其余选票。` }
  const problems: string[] = []
  if (loaded !== ballotCount) problems.push(`选票共 ${ballotCount} 张，实际列出 ${loaded} 张`)
  for (const r of rows) {
    if (r.recounted !== r.online) {
      const diff = r.recounted - r.online
      problems.push(`${r.name}：选票上 ${r.recounted} 票，计票结果网上 ${r.online} 票，${diff > 0 ? '多' : '少'} ${Math.abs(diff)} 票`)
    }
  }
  if (problems.length === 0) return { ok: true, text: `已核对全部 ${loaded} 张选票，与计票结果一致` }
  return { ok: false, text: `已核对全部 ${loaded} 张选票，与计票结果不一致：${problems.join('；')}。请联系社区选举工作人员。` }
}
