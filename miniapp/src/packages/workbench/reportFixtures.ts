import type { ReportDetailDto, ReportPoliciesDto, ReportSummaryDto } from '../../services/reports'

/** Test data of the workbench's report pages (imported by tests only). */
export const NO_POLICIES: ReportPoliciesDto = {
  accept: false, reply: false, requestInfo: false, supplement: false, transfer: false, resolve: false, reject: false, rate: false,
  reopen: false, close: false, second: false, reassign: false,
}

/** An inbox row. */
export function summary(id: number, over: Partial<ReportSummaryDto> = {}): ReportSummaryDto {
  return {
    id,
    category: { id: 1, name: '公共设施' },
    status: 'submitted',
    statusLabel: '待受理',
    place: '青石苑 1栋',
    supporterCount: 0,
    createdAt: '2026-12-01T01:00:00.000Z',
    resolvedAt: null,
    closedAt: null,
    excerpt: `路灯不亮 ${id}`,
    source: 'resident',
    grid: { id: 1, name: '第一网格' },
    dueAt: null,
    isOverdue: false,
    escalationLevel: 0,
    escalationLabel: '网格员',
    assignee: { id: 9, name: '网格员一' },
    department: null,
    isMine: true,
    ...over,
  }
}

/** A report's detail as its handler sees it. */
export function detail(id: number, policies: Partial<ReportPoliciesDto>, over: Partial<ReportDetailDto> = {}): ReportDetailDto {
  return {
    ...summary(id),
    visibility: 'full',
    description: '小区东门路灯不亮，晚上很黑',
    photos: [{ id: 5, url: '/files/a.jpg' }],
    location: { kind: 'household', address: '青石苑 1栋 1单元 101', lat: null, lng: null },
    reporter: { name: '张*', phoneMasked: '138****1234' },
    acceptDueAt: '2026-12-01T03:00:00.000Z',
    resolveDueAt: '2026-12-04T03:00:00.000Z',
    pausedAt: null,
    satisfied: null,
    ratingComment: null,
    reopenUntil: null,
    isSupporter: false,
    anonymousToPublic: false,
    timeline: [{
      id: '1', kind: 'submitted', label: '提交诉求', actorRole: 'resident', actorRoleLabel: '居民', actorName: null, text: null, photos: [],
      createdAt: '2026-12-01T01:00:00.000Z',
    }],
    policies: { ...NO_POLICIES, ...policies },
    ...over,
  }
}
