import type { Db } from '../core/db.ts'
import { periodMonths } from '../modules/disclosures/disclosure.service.ts'

type SeedTx = Parameters<Parameters<Db['$transaction']>[0]>[0]

export type DemoDisclosuresInput = {
  communityIds: number[]
  residentIds: Record<string, number>
  /** committee1 (周慧): who publishes and answers. */
  committeeId: number
}

type Line = [kind: 'income' | 'expense', category: string, label: string, amountFen: number]
type Item = { category: 'party' | 'affairs' | 'finance'; title: string; period: string; body: string; publishedAt: string; lines?: Line[] }

const PROPERTY = '物业公共收益'
const PARKING = '停车场公共收益'

/** 2026 年第三季度: a month of 财务 each, one 居务 and one 党务 item. */
const ITEMS: Item[] = [
  {
    category: 'finance', title: '2026年7月社区财务收支公开', period: '2026-07', publishedAt: '2026-08-05T02:00:00Z',
    body: '现将青石社区2026年7月财务收支情况公开如下，接受全体居民监督。\n\n公共收益由业主委员会与居委会共同管理，凭证可到社区服务中心查阅。',
    lines: [
      ['income', PROPERTY, '电梯轿厢广告收入', 1_860_000], ['income', PARKING, '临时停车收费分成', 2_450_000],
      ['expense', '办公经费', '打印纸、墨盒及宣传资料印制', 312_050], ['expense', '活动经费', '七一党员主题活动', 185_000],
      ['expense', '设施维修', '3号楼屋面防水修缮', 1_268_000],
    ],
  },
  {
    category: 'finance', title: '2026年8月社区财务收支公开', period: '2026-08', publishedAt: '2026-09-04T02:00:00Z',
    body: '现将青石社区2026年8月财务收支情况公开如下，接受全体居民监督。',
    lines: [
      ['income', PROPERTY, '电梯轿厢广告收入', 1_860_000], ['income', PARKING, '临时停车收费分成', 2_380_000],
      ['expense', '办公经费', '办公用品', 298_600], ['expense', '活动经费', '暑期少儿托管班', 426_000],
      ['expense', '设施维修', '小区路灯更换（12盏）', 86_400],
    ],
  },
  {
    category: 'finance', title: '2026年9月社区财务收支公开', period: '2026-09', publishedAt: '2026-10-09T02:00:00Z',
    body: '现将青石社区2026年9月财务收支情况公开如下，接受全体居民监督。\n\n本月收到街道拨付的社区服务群众专项经费。',
    lines: [
      ['income', PROPERTY, '电梯轿厢广告收入', 1_860_000], ['income', PARKING, '临时停车收费分成', 2_510_000],
      ['income', '上级补助', '社区服务群众专项经费', 5_000_000],
      ['expense', '办公经费', '办公用品及网络费', 305_200], ['expense', '活动经费', '中秋敬老活动', 238_500],
      ['expense', '设施维修', '中心花园健身器材更换', 1_520_000],
    ],
  },
  {
    category: 'affairs', title: '2026年第三季度居务公开', period: '2026-Q3', publishedAt: '2026-10-10T02:00:00Z',
    body: '一、老旧小区加装电梯：5号楼、7号楼已完成意见征集，签字同意率分别为92%和87%，已报街道审批。\n\n二、低保及困难救助：本季度新增低保家庭1户，发放临时救助3户次。\n\n三、垃圾分类：新增分类投放点2处，位于2号楼和9号楼北侧。',
  },
  {
    category: 'party', title: '2026年第三季度党务公开', period: '2026-Q3', publishedAt: '2026-10-10T03:00:00Z',
    body: '一、组织建设：本季度接收预备党员1名，转正1名。\n\n二、主题党日：7月“重温入党誓词”、8月“党员进楼栋”、9月“敬老助老”志愿服务，共计参加党员86人次。\n\n三、党费收缴：本季度应缴、实缴党费一致，已按规定上缴。',
  },
]

/** The 8月 item's correction: 路灯更换 was entered without a digit. */
const AUGUST_FIX: Line = ['expense', '设施维修', '小区路灯更换（12盏）', 864_000]

/**
 * The first community's 2026 third quarter of 三务公开: three months of 财务 with income and
 * expense lines (8月 corrected, so its first version shows as 「已更正」), one 居务 and one 党务
 * item, and a resident's question on 9月 with committee1's answer.
 */
export async function seedDemoDisclosures(tx: SeedTx, input: DemoDisclosuresInput): Promise<void> {
  const communityId = input.communityIds[0]
  const ids: number[] = []
  const write = async (item: Item, chain: { rootId: number; versionNo: number; supersedesId: number; correctionReason: string } | null = null) => {
    const { from, to } = periodMonths(item.period)
    const d = await tx.disclosure.create({
      data: {
        communityId, category: item.category, title: item.title, period: item.period, periodFrom: from, periodTo: to, body: item.body,
        authorId: input.committeeId, publishedAt: new Date(item.publishedAt), ...(chain ?? {}),
      },
    })
    const lines = item.lines ?? []
    if (lines.length) {
      await tx.disclosureLine.createMany({
        data: lines.map(([kind, category, label, amountFen], position) => ({ disclosureId: d.id, position, kind, category, label, amountFen: BigInt(amountFen) })),
      })
    }
    return d.id
  }
  for (const item of ITEMS) ids.push(await write(item))

  const august = ITEMS[1]
  await tx.disclosure.update({ where: { id: ids[1] }, data: { status: 'superseded' } })
  await write(
    { ...august, title: '2026年8月社区财务收支公开（更正）', publishedAt: '2026-09-08T02:00:00Z', lines: [...august.lines!.slice(0, 4), AUGUST_FIX] },
    { rootId: ids[1], versionNo: 2, supersedesId: ids[1], correctionReason: '路灯更换金额录入有误（应为8640元），以本版本为准' },
  )

  await tx.disclosureQuestion.create({
    data: {
      disclosureId: ids[2], askerId: input.residentIds.resident1, status: 'published', createdAt: new Date('2026-10-11T01:30:00Z'),
      body: '健身器材更换花了一万五千多，是哪家公司做的？旧器材怎么处理了？',
      answer: '由街道统一招标的体育器材公司供货安装，合同和发票可到社区服务中心查阅；旧器材已由供货方回收。',
      answeredById: input.committeeId, answeredAt: new Date('2026-10-12T02:00:00Z'),
    },
  })
}
