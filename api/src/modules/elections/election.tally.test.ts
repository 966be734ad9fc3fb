import { describe, expect, it } from 'vitest'
import { tallyRound, type TallyInput } from './election.tally.ts'

const half = { num: 1, den: 2 }
const base = (over: Partial<TallyInput>, candidates: [number, number, number][], seats = 2): TallyInput => ({
  kind: 'formal', registeredVoters: 10, ballotsCast: 8, turnout: half, elect: half, advanceExtra: 1,
  contests: [{ id: 1, seats, candidates: candidates.map(([id, online, paper]) => ({ id, online, paper })) }], ...over,
})
const outcomes = (r: ReturnType<typeof tallyRound>) => Object.fromEntries(r.contests[0].candidates.map((c) => [c.candidateId, c.outcome]))

describe('tallyRound', () => {
  it('validity: strictly more than the turnout fraction of registered voters', () => {
    expect(tallyRound(base({ ballotsCast: 6 }, [])).valid).toBe(true)
    expect(tallyRound(base({ ballotsCast: 5 }, [])).valid).toBe(false) // exactly half is not more than half
    expect(tallyRound(base({ ballotsCast: 7, turnout: { num: 2, den: 3 } }, [])).valid).toBe(true)
    expect(tallyRound(base({ ballotsCast: 6, turnout: { num: 2, den: 3 } }, [])).valid).toBe(false)
    expect(tallyRound(base({ registeredVoters: 0, ballotsCast: 0 }, [])).valid).toBe(false)
  })

  it('an invalid round elects nobody, whatever the votes', () => {
    const r = tallyRound(base({ ballotsCast: 5 }, [[1, 5, 0], [2, 4, 0]]))
    expect(outcomes(r)).toEqual({ 1: 'not_elected', 2: 'not_elected' })
    expect(r.contests[0]).toMatchObject({ filled: 0, unfilled: 2, tie: false })
  })

  it('elected: more than half of the ballots cast (online + paper), seats filled by most votes', () => {
    // 8 ballots: 5 votes is more than half, 4 is not.
    const r = tallyRound(base({}, [[1, 3, 3], [2, 4, 1], [3, 2, 2], [4, 7, 0]]))
    expect(outcomes(r)).toEqual({ 1: 'elected', 4: 'elected', 2: 'not_elected', 3: 'not_elected' })
    expect(r.contests[0].candidates.map((c) => c.votes)).toEqual([7, 6, 5, 4])
    expect(r.contests[0]).toMatchObject({ filled: 2, unfilled: 0, tie: false })
  })

  it('unfilled seats when too few candidates pass the majority', () => {
    const r = tallyRound(base({}, [[1, 5, 0], [2, 4, 0], [3, 3, 0]]))
    expect(outcomes(r)).toEqual({ 1: 'elected', 2: 'not_elected', 3: 'not_elected' })
    expect(r.contests[0]).toMatchObject({ filled: 1, unfilled: 1, tie: false })
  })

  it('a tie at the last seat is reported, the tied seat left unfilled', () => {
    const r = tallyRound(base({}, [[1, 7, 0], [2, 6, 0], [3, 6, 0], [4, 1, 0]]))
    expect(outcomes(r)).toEqual({ 1: 'elected', 2: 'tie', 3: 'tie', 4: 'not_elected' })
    expect(r.contests[0]).toMatchObject({ filled: 1, unfilled: 1, tie: true })
    // Level candidates below the last seat are no tie.
    const r2 = tallyRound(base({}, [[1, 7, 0], [2, 6, 0], [3, 5, 0], [4, 5, 0]]))
    expect(outcomes(r2)).toEqual({ 1: 'elected', 2: 'elected', 3: 'not_elected', 4: 'not_elected' })
    expect(r2.contests[0].tie).toBe(false)
    // Level at the last seat but under the majority: no tie, just unfilled.
    const r3 = tallyRound(base({}, [[1, 7, 0], [2, 4, 0], [3, 4, 0]]))
    expect(outcomes(r3)).toEqual({ 1: 'elected', 2: 'not_elected', 3: 'not_elected' })
    expect(r3.contests[0]).toMatchObject({ filled: 1, unfilled: 1, tie: false })
  })

  it('a configured election fraction: more than two thirds', () => {
    const r = tallyRound(base({ ballotsCast: 9, elect: { num: 2, den: 3 } }, [[1, 7, 0], [2, 6, 0]]))
    expect(outcomes(r)).toEqual({ 1: 'elected', 2: 'not_elected' })
  })

  it('preliminary: the top seats + advanceExtra advance; a tie at the cut is reported', () => {
    const pre = (cands: [number, number, number][], extra = 1) => tallyRound(base({ kind: 'preliminary', advanceExtra: extra }, cands))
    expect(outcomes(pre([[1, 5, 0], [2, 4, 0], [3, 3, 0], [4, 2, 0], [5, 1, 0]]))).toEqual({ 1: 'advanced', 2: 'advanced', 3: 'advanced', 4: 'not_elected', 5: 'not_elected' })
    expect(outcomes(pre([[1, 5, 0], [2, 4, 0], [3, 3, 0], [4, 2, 0]], 2))).toEqual({ 1: 'advanced', 2: 'advanced', 3: 'advanced', 4: 'advanced' })
    const tied = pre([[1, 5, 0], [2, 4, 0], [3, 2, 1], [4, 3, 0], [5, 1, 0]])
    expect(outcomes(tied)).toEqual({ 1: 'advanced', 2: 'advanced', 3: 'tie', 4: 'tie', 5: 'not_elected' })
    expect(tied.contests[0]).toMatchObject({ filled: 2, tie: true, unfilled: 0 })
  })

  it('several contests are counted independently', () => {
    const r = tallyRound({
      kind: 'formal', registeredVoters: 4, ballotsCast: 3, turnout: half, elect: half, advanceExtra: 1,
      contests: [
        { id: 1, seats: 1, candidates: [{ id: 10, online: 2, paper: 0 }, { id: 11, online: 1, paper: 0 }] },
        { id: 2, seats: 2, candidates: [{ id: 20, online: 3, paper: 0 }, { id: 21, online: 2, paper: 0 }, { id: 22, online: 1, paper: 0 }] },
      ],
    })
    expect(r.contests.map((c) => c.candidates.map((x) => `${x.candidateId}:${x.outcome}`))).toEqual([
      ['10:elected', '11:not_elected'], ['20:elected', '21:elected', '22:not_elected'],
    ])
  })
})
