import type { CreateElectionInput, ElectionDetailDto, ElectionScheduledPhase, UpdateElectionInput } from '../../../services/elections'
import { ELECTION_LIMITS } from '../../../utils/limits'
import { shanghaiIso, shanghaiParts } from '../../../utils/time'

/** One 职位 row as typed: 职位名称 and 应选人数 (text until saved, so a half-typed number is kept). */
export type ContestLine = { key: number; name: string; seats: string }
/** One phase's window as picked: Shanghai dates and times, all empty = no schedule for it. */
export type WindowLine = { startDate: string; startTime: string; endDate: string; endTime: string }

/** What the election editor edits. */
export type ElectionForm = {
  title: string
  description: string
  conditionsText: string
  electionDay: string
  minAge: string
  contests: ContestLine[]
  turnoutNum: string
  turnoutDen: string
  electNum: string
  electDen: string
  hasPreliminary: boolean
  advanceExtra: string
  /** Per scheduled phase (only when editing a draft: the phases and their labels come from the API). */
  schedule: Partial<Record<ElectionScheduledPhase, WindowLine>>
}

/** Errors by form field: `title`, `contests.0.name`, `rules.turnout`, `schedule.formal.startsAt`… */
export type ElectionErrors = Partial<Record<string, string>>

let lineSeq = 0
export function newContest(p: Partial<Omit<ContestLine, 'key'>> = {}): ContestLine {
  return { key: ++lineSeq, name: '', seats: '1', ...p }
}

const emptyWindow = (): WindowLine => ({ startDate: '', startTime: '', endDate: '', endTime: '' })

/** A blank election with the API's defaults: 18 years, 过半数 turnout and election, no preliminary. */
export function emptyElectionForm(): ElectionForm {
  return {
    title: '', description: '', conditionsText: '', electionDay: '', minAge: '18', contests: [newContest()],
    turnoutNum: '1', turnoutDen: '2', electNum: '1', electDen: '2', hasPreliminary: false, advanceExtra: '1', schedule: {},
  }
}

/** The form of a draft as read. */
export function formFromElection(e: ElectionDetailDto): ElectionForm {
  const schedule: ElectionForm['schedule'] = {}
  for (const p of e.phases) {
    const start = p.startsAt ? shanghaiParts(p.startsAt) : undefined
    const end = p.endsAt ? shanghaiParts(p.endsAt) : undefined
    schedule[p.phase] = { startDate: start?.date ?? '', startTime: start?.time ?? '', endDate: end?.date ?? '', endTime: end?.time ?? '' }
  }
  return {
    title: e.title, description: e.description, conditionsText: e.conditionsText, electionDay: e.electionDay, minAge: String(e.minAge),
    contests: e.contests.map((c) => newContest({ name: c.name, seats: String(c.seats) })),
    turnoutNum: String(e.rules.turnout.num), turnoutDen: String(e.rules.turnout.den),
    electNum: String(e.rules.elect.num), electDen: String(e.rules.elect.den),
    hasPreliminary: e.hasPreliminary, advanceExtra: String(e.advanceExtra), schedule,
  }
}

/** A fraction as people say it: 1/2 → 过半数, 2/3 → 三分之二以上 style `超过2/3`. */
export function fractionText(num: string, den: string): string {
  if (num === '1' && den === '2') return '过半数'
  return `超过${num}/${den}`
}

const isInt = (s: string) => /^\d+$/.test(s.trim())

/** What is missing or malformed, before asking the API (which checks everything again). */
export function validateElectionForm(f: ElectionForm): ElectionErrors {
  const errors: ElectionErrors = {}
  if (f.title.trim().length < ELECTION_LIMITS.titleMin) errors.title = `请填写选举名称（至少${ELECTION_LIMITS.titleMin}个字）`
  if (f.conditionsText.trim().length < ELECTION_LIMITS.conditionsMin) errors.conditionsText = '请填写选民条件'
  if (!f.electionDay) errors.electionDay = '请选择选举日'
  if (!isInt(f.minAge)) errors.minAge = '请填写年龄下限（整数）'
  if (f.contests.length === 0) errors.contests = '至少设置一个职位'
  f.contests.forEach((c, i) => {
    if (!c.name.trim()) errors[`contests.${i}.name`] = '请填写职位名称'
    if (!isInt(c.seats) || Number(c.seats) < 1) errors[`contests.${i}.seats`] = '应选人数至少为1'
  })
  for (const [key, num, den] of [['rules.turnout', f.turnoutNum, f.turnoutDen], ['rules.elect', f.electNum, f.electDen]] as const) {
    if (!isInt(num) || !isInt(den) || Number(num) < 1 || Number(num) >= Number(den)) errors[key] = '比例须为小于1的分数，例如 1/2'
  }
  if (f.hasPreliminary && (!isInt(f.advanceExtra) || Number(f.advanceExtra) < 1)) errors.advanceExtra = '差额人数至少为1'
  for (const [phase, w] of Object.entries(f.schedule)) {
    const filled = [w.startDate, w.startTime, w.endDate, w.endTime].filter(Boolean).length
    if (filled > 0 && filled < 4) errors[`schedule.${phase}.startsAt`] = '请把开始和结束的日期、时间都选上，或全部不选'
  }
  return errors
}

function fields(f: ElectionForm) {
  const schedule: NonNullable<CreateElectionInput['schedule']> = {}
  for (const [phase, w] of Object.entries(f.schedule) as [ElectionScheduledPhase, WindowLine][]) {
    if (w.startDate && w.startTime && w.endDate && w.endTime) {
      schedule[phase] = { startsAt: shanghaiIso(w.startDate, w.startTime), endsAt: shanghaiIso(w.endDate, w.endTime) }
    }
  }
  return {
    title: f.title.trim(),
    description: f.description.trim(),
    conditionsText: f.conditionsText.trim(),
    electionDay: f.electionDay,
    minAge: Number(f.minAge),
    contests: f.contests.map((c) => ({ name: c.name.trim(), seats: Number(c.seats) })),
    rules: {
      turnout: { num: Number(f.turnoutNum), den: Number(f.turnoutDen) },
      elect: { num: Number(f.electNum), den: Number(f.electDen) },
    },
    hasPreliminary: f.hasPreliminary,
    advanceExtra: Number(f.advanceExtra),
    ...(Object.keys(schedule).length ? { schedule } : {}),
  }
}

export function toCreateInput(f: ElectionForm, communityId: number): CreateElectionInput {
  return { communityId, ...fields(f) }
}

export function toUpdateInput(f: ElectionForm, version: number): UpdateElectionInput {
  return { version, ...fields(f) }
}

/** The form field an API field error belongs to (`body.rules.turnout.num` → `rules.turnout`). */
export function electionFieldOf(apiField: string): string | undefined {
  const f = apiField.replace(/^body\./, '')
  if (/^rules\.(turnout|elect)/.test(f)) return f.split('.').slice(0, 2).join('.')
  if (/^schedule\.\w+/.test(f)) return `schedule.${f.split('.')[1]}.startsAt`
  if (/^contests\.\d+\.(name|seats)$/.test(f) || f === 'contests') return f
  return ['title', 'description', 'conditionsText', 'electionDay', 'minAge', 'hasPreliminary', 'advanceExtra'].includes(f) ? f : undefined
}

export { emptyWindow }
