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
