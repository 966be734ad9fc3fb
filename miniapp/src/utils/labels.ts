/** Chinese names of the API's role codes. */
export const ROLE_LABELS: Record<string, string> = {
  resident: '居民',
  grid_worker: '网格员',
  grid_leader: '网格长',
  committee: '社区工作人员',
  street: '街道工作人员',
  dept: '职能部门',
  admin: '系统管理员',
  auditor: '审计员',
}

/** `committee` → `社区工作人员`; unknown codes pass through. */
export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role
}

/** Household relations the resident may choose, in the order shown. */
export const RELATIONS = [
  { value: 'owner', label: '户主' },
  { value: 'family', label: '家属' },
  { value: 'tenant', label: '租户' },
] as const

/** Notice categories in the order shown (the API sends each notice's own label too). */
export const NOTICE_CATEGORIES = [
  { value: 'notice', label: '通知' },
  { value: 'activity', label: '活动' },
  { value: 'policy', label: '政策' },
  { value: 'outage', label: '停水停电' },
  { value: 'other', label: '其他' },
] as const

/** The states of a notice, as tabs of 公告管理. */
export const NOTICE_STATES = [
  { value: 'draft', label: '草稿' },
  { value: 'scheduled', label: '待发布' },
  { value: 'published', label: '已发布' },
  { value: 'withdrawn', label: '已撤回' },
  { value: 'expired', label: '已过期' },
] as const

/** Roles that write notices (the API decides; this only chooses which entries 工作台 offers). */
export const NOTICE_WRITER_ROLES = ['committee', 'street']
