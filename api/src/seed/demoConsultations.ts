import type { Db } from '../core/db.ts'

type SeedTx = Parameters<Parameters<Db['$transaction']>[0]>[0]

const DAY = 86_400_000

export type DemoConsultationsInput = { communityIds: number[]; residentIds: Record<string, number>; committeeId: number }

/** The demo's two topics in 青石社区 (the first community). */
export const DEMO_VOTING_TOPIC = '小区东门是否改为人车分流'
export const DEMO_IN_PROGRESS_TOPIC = '3号楼北侧建设非机动车充电棚'

type Opinion = { by: string; stance: 'for' | 'against' | 'other'; body: string; likes?: string[] }

/**
 * 协商议事 as the demo has it: an open topic whose discussion gathered opinions and whose
 * vote (同意/不同意/弃权, one per household) is running, with two households' ballots already in;
 * and a topic decided at a residents' meeting whose two actions are being carried out (one with a
 * progress update), with the opinions residents gave on it. Written through the seed's `tx`.
 */
export async function seedDemoConsultations(tx: SeedTx, input: DemoConsultationsInput): Promise<void> {
  const communityId = input.communityIds[0]
  const now = Date.now()
  const at = (days: number) => new Date(now + days * DAY)
  const user = (name: string) => {
    const id = input.residentIds[name]
    if (!id) throw new Error(`demo consultations: no ${name}`)
    return id
  }
  const opinions = async (topicId: number, list: Opinion[], startDaysAgo: number) => {
    for (const [i, o] of list.entries()) {
      const likes = o.likes ?? []
      const row = await tx.consultationOpinion.create({
        data: { topicId, authorId: user(o.by), stance: o.stance, body: o.body, likeCount: likes.length, createdAt: at(-startDaysAgo + i * 0.5) },
      })
      if (likes.length) await tx.consultationOpinionLike.createMany({ data: likes.map((n) => ({ opinionId: row.id, userId: user(n) })) })
    }
  }

  // ── 1. In its vote: 同意 / 不同意 / 弃权, one ballot per household, open for five more days. ──
  const voting = await tx.consultationTopic.create({
    data: {
      communityId, title: DEMO_VOTING_TOPIC, source: 'staff', state: 'voting', decisionMethod: 'vote', createdById: input.committeeId,
      background: '早晚高峰东门人车混行，老人和孩子进出不安全。居委会提议：东门只供行人和非机动车通行，机动车改走北门。请各户投票表决（每户一票）。',
      discussionStartsAt: at(-12), discussionEndsAt: at(-3), stateChangedAt: at(-2), createdAt: at(-12),
    },
  })
  await opinions(voting.id, [
    { by: 'resident1', stance: 'for', body: '早上送孙子上学，东门车太多，分开走安全多了。', likes: ['resident2', 'resident3', 'resident5'] },
    { by: 'resident4', stance: 'against', body: '我家车位在东边，绕北门要多走一大圈，希望能留一个时段放行。', likes: ['resident6'] },
    { by: 'resident7', stance: 'other', body: '北门的道闸太慢，改之前先把道闸换了。' },
  ], 11)
  await tx.consultationOpinion.create({
    data: { topicId: voting.id, authorId: input.committeeId, official: true, body: '北门道闸已安排更换，表决通过后一并施工。', createdAt: at(-9) },
  })
  const homes = await tx.householdBinding.findMany({ where: { communityId, status: 'approved' }, select: { userId: true, householdId: true } })
  const vote = await tx.consultationVote.create({
    data: {
      topicId: voting.id, kind: 'approve', unit: 'per_household', opensAt: at(-2), closesAt: at(5), quorumPercent: 50, status: 'open',
      eligibleCount: new Set(homes.map((h) => h.householdId)).size,
      choices: { create: ['同意', '不同意', '弃权'].map((label, sortOrder) => ({ label, sortOrder })) },
    },
    include: { choices: { orderBy: { sortOrder: 'asc' } } },
  })
  const homeOf = (name: string) => homes.find((h) => h.userId === user(name))!.householdId
  const taken = new Set<number>([homeOf('resident1')]) // resident1's household has not voted yet
  let ballots = 0
  for (const [name, choice] of [['resident2', 0], ['resident4', 1], ['resident5', 0]] as const) {
    const householdId = homeOf(name)
    if (taken.has(householdId)) continue
    taken.add(householdId)
    await tx.consultationBallot.create({
      data: { topicId: voting.id, voterKey: `h:${householdId}`, userId: user(name), householdId, createdAt: at(-1), choices: { create: { choiceId: vote.choices[choice].id } } },
    })
    ballots++
  }
  await tx.consultationVote.update({ where: { topicId: voting.id }, data: { ballotsCount: ballots } })

  // ── 2. Decided at a residents' meeting; its two actions are being carried out. ──
  const decided = await tx.consultationTopic.create({
    data: {
      communityId, title: DEMO_IN_PROGRESS_TOPIC, source: 'resident', state: 'in_progress', decisionMethod: 'meeting', createdById: user('resident3'),
      background: '电动车在楼道里充电有火灾隐患。建议在3号楼北侧空地建一个带充电桩的车棚。',
      supportThreshold: 5, supportCount: 6, supportDeadline: at(-10), discussionStartsAt: at(-35), discussionEndsAt: at(-20),
      stateChangedAt: at(-12), createdAt: at(-40),
    },
  })
  await tx.consultationSupport.createMany({
    data: ['resident3', 'resident1', 'resident2', 'resident6', 'resident8', 'resident9'].map((n) => ({ topicId: decided.id, userId: user(n), createdAt: at(-39) })),
  })
  await opinions(decided.id, [
    { by: 'resident3', stance: 'for', body: '楼道里充电太危险了，去年隔壁小区就出过事。', likes: ['resident1', 'resident8'] },
    { by: 'resident8', stance: 'for', body: '车棚要装监控，按时断电，电费按度收。', likes: ['resident3'] },
    { by: 'resident9', stance: 'against', body: '北侧空地是老人晒太阳的地方，能不能换个位置？' },
  ], 34)
  await tx.consultationMeeting.create({
    data: {
      topicId: decided.id, heldOn: new Date(at(-13).toISOString().slice(0, 10)), attendees: 31, recordedById: input.committeeId, createdAt: at(-12),
      resolution: '居民议事会同意在3号楼北侧空地东半部建设充电棚（西半部保留为休息区），装监控和定时断电，电费按用电量收取。由物业负责施工，居委会监督。',
    },
  })
  const install = await tx.consultationAction.create({
    data: { topicId: decided.id, title: '建设充电棚并安装充电桩', owner: '物业 张经理', dueOn: new Date(at(20).toISOString().slice(0, 10)), status: 'in_progress', sortOrder: 0, createdAt: at(-11) },
  })
  await tx.consultationActionUpdate.create({
    data: { actionId: install.id, authorId: input.committeeId, body: '地面已硬化，棚架材料已到货，预计两周内完工。', createdAt: at(-2) },
  })
  await tx.consultationAction.create({
    data: { topicId: decided.id, title: '制定充电棚使用和收费办法并公示', owner: '居委会 周慧', dueOn: new Date(at(25).toISOString().slice(0, 10)), sortOrder: 1, createdAt: at(-11) },
  })
}
