/**
 * The count of one round under the election's rules, as a pure function (no database): validity by
 * turnout, who is elected (formal) or advances (preliminary), ties at the last seat or at the cut,
 * and unfilled seats. `countRound` (election.tally.count.ts) feeds it from the database.
 */

export type Fraction = { num: number; den: number }

export type TallyInput = {
  kind: 'preliminary' | 'formal'
  /** Voters on the roll (not removed). */
  registeredVoters: number
  /** Ballots cast: online plus paper, blank ballots included. */
  ballotsCast: number
  /** Valid when ballotsCast > num/den of registeredVoters. */
  turnout: Fraction
  /** Elected when votes > num/den of ballotsCast (formal rounds). */
  elect: Fraction
  /** After a preliminary round, seats + advanceExtra candidates of each contest advance. */
  advanceExtra: number
  contests: { id: number; seats: number; candidates: { id: number; online: number; paper: number }[] }[]
}

export type Outcome = 'elected' | 'not_elected' | 'tie' | 'advanced'

export type ContestTally = {
  contestId: number
  seats: number
  /** Seats filled (formal) or places taken on the formal ballot (preliminary). */
  filled: number
  /** Seats nobody was elected to (formal; tied seats included). */
  unfilled: number
  /** Candidates level at the last seat or at the advancement cut: a further round decides. */
  tie: boolean
  candidates: { candidateId: number; online: number; paper: number; votes: number; outcome: Outcome }[]
}

export type TallyResult = { valid: boolean; contests: ContestTally[] }

/** a/b > num/den, in integers. */
export const moreThan = (a: number, b: number, f: Fraction) => a * f.den > b * f.num

/**
 * Of candidates sorted by votes (most first), the first `places` win unless the candidate just
 * below the cut has as many votes as the last one above it: then everyone with those votes is tied.
 */
function cut<T extends { votes: number }>(sorted: T[], places: number): { win: T[]; tie: T[]; lose: T[] } {
  if (sorted.length <= places) return { win: sorted, tie: [], lose: [] }
  if (places <= 0) return { win: [], tie: [], lose: sorted }
  const last = sorted[places - 1].votes
  if (sorted[places].votes !== last) return { win: sorted.slice(0, places), tie: [], lose: sorted.slice(places) }
  return {
    win: sorted.filter((c) => c.votes > last),
    tie: sorted.filter((c) => c.votes === last),
    lose: sorted.filter((c) => c.votes < last),
  }
}

export function tallyRound(input: TallyInput): TallyResult {
  const valid = input.registeredVoters > 0 && moreThan(input.ballotsCast, input.registeredVoters, input.turnout)
  const contests = input.contests.map((contest): ContestTally => {
    const all = contest.candidates
      .map((c) => ({ candidateId: c.id, online: c.online, paper: c.paper, votes: c.online + c.paper }))
      .sort((x, y) => y.votes - x.votes || x.candidateId - y.candidateId)
    const outcomes = new Map<number, Outcome>(all.map((c) => [c.candidateId, 'not_elected']))
    let filled = 0
    let tie = false
    if (valid) {
      const eligible = input.kind === 'formal' ? all.filter((c) => moreThan(c.votes, input.ballotsCast, input.elect)) : all
      const places = input.kind === 'formal' ? contest.seats : contest.seats + input.advanceExtra
      const r = cut(eligible, places)
      for (const c of r.win) outcomes.set(c.candidateId, input.kind === 'formal' ? 'elected' : 'advanced')
      for (const c of r.tie) outcomes.set(c.candidateId, 'tie')
      filled = r.win.length
      tie = r.tie.length > 0
    }
    return {
      contestId: contest.id, seats: contest.seats, filled, tie,
      unfilled: input.kind === 'formal' ? Math.max(0, contest.seats - filled) : 0,
      candidates: all.map((c) => ({ ...c, outcome: outcomes.get(c.candidateId)! })),
    }
  })
  return { valid, contests }
}
