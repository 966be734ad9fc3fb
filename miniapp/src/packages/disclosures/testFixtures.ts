/** API answers for the 三务公开 pages' unit tests, resident and workbench (never imported by the pages themselves). */
import type { DisclosureDetailDto, DisclosureQuestionDto, DisclosureSummaryDto, DisclosureTotalsDto } from '../../services/disclosures'

const LABELS = { party: '党务', affairs: '居务', finance: '财务' } as const

export function disclosureSummary(id: number, over: Partial<DisclosureSummaryDto> = {}): DisclosureSummaryDto {
  const category = over.category ?? 'finance'
  return {
    id, communityId: 1, category, categoryLabel: LABELS[category], title: `公开事项${id}`, period: '2026-09', status: 'published', statusLabel: '已公开',
    versionNo: 1, incomeFen: 0, expenseFen: 0, publishedAt: '2026-10-08T02:00:00.000Z', withdrawnReason: null, supersededById: null, ...over,
  }
}

export function question(id: number, over: Partial<DisclosureQuestionDto> = {}): DisclosureQuestionDto {
  return {
    id, body: `问题${id}`, askerName: '张*', isMine: false, status: 'published', statusLabel: '已公开', statusReason: null, answer: null, answeredAt: null,
    createdAt: '2026-10-09T02:00:00.000Z', allowedActions: { answer: false, publish: false, hide: false }, ...over,
  }
}

export function disclosureDetail(id: number, over: Partial<DisclosureDetailDto> = {}): DisclosureDetailDto {
  const base = disclosureSummary(id, over)
  return {
    ...base,
    communityName: '青石社区', body: '第一段说明\n第二段说明', authorName: '李委员', lines: [], attachments: [], withdrawnAt: null, correctionReason: null,
    supersedes: null, supersededBy: null,
    versions: [{ id, versionNo: base.versionNo, title: base.title, status: base.status, publishedAt: base.publishedAt }],
    questions: [], allowedActions: { correct: false, withdraw: false, ask: true },
    ...over,
  }
}

/** 9月财务: two income lines and one expense line (12,000.00 + 3,500.50 − 2,345.67). */
export const septemberLines: DisclosureDetailDto['lines'] = [
  { kind: 'income', kindLabel: '收入', category: '公共收益', label: '停车场公共收益', amountFen: 1_200_000 },
  { kind: 'income', kindLabel: '收入', category: '上级补助', label: '街道活动补助', amountFen: 350_050 },
  { kind: 'expense', kindLabel: '支出', category: '设施维修', label: '3号楼路灯维修', amountFen: 234_567 },
]

export function totals(over: Partial<DisclosureTotalsDto> = {}): DisclosureTotalsDto {
  return {
    communityId: 1, from: '2026-01', to: '2026-12',
    periods: [
      { period: '2026-07', incomeFen: 800_000, expenseFen: 200_000, balanceFen: 600_000, categories: [] },
      { period: '2026-Q3', incomeFen: 1_600_000, expenseFen: 1_800_000, balanceFen: -200_000, categories: [] },
    ],
    total: { incomeFen: 2_400_000, expenseFen: 2_000_000, balanceFen: 400_000 },
    ...over,
  }
}
