/** Pages of the workbench's report features (the API's messages link to REPORT_HANDLE_PAGE too). */
export const INBOX_PAGE = '/packages/workbench/inbox/index'
export const REPORT_HANDLE_PAGE = '/packages/workbench/report/index'
export const PATROL_PAGE = '/packages/workbench/patrol/index'
export const VISITS_PAGE = '/packages/workbench/visits/index'
export const FIGURES_PAGE = '/packages/workbench/figures/index'

/** Roles that handle or supervise reports and so see the inbox (the API decides what is in it). */
export const REPORT_STAFF_ROLES = ['grid_worker', 'grid_leader', 'committee', 'street', 'dept']
/** Roles that see per-grid figures and the grid ranking (考核测评). */
export const SUPERVISOR_ROLES = ['grid_leader', 'committee', 'street']
