/** Roles that handle or supervise reports and so see the inbox (the API decides what is in it). */
export const REPORT_STAFF_ROLES = ['grid_worker', 'grid_leader', 'committee', 'street', 'dept']
/** Roles that see per-grid figures and the grid ranking (考核测评). */
export const SUPERVISOR_ROLES = ['grid_leader', 'committee', 'street']
/** Roles that run 预约办事: the services and their slots, and the window (预约窗口). */
export const BOOKING_STAFF_ROLES = ['committee', 'admin']
/** Roles that run 换届选举 (elections, the roll, candidates, rounds and the count). */
export const ELECTION_STAFF_ROLES = ['committee', 'admin']
/** Roles that publish 三务公开 (committee staff of the community; the API decides which items). */
export const DISCLOSURE_STAFF_ROLES = ['committee']
/** Roles that run 协商议事 (open topics, move them on, moderate the discussion; the API decides which topics). */
export const CONSULTATION_STAFF_ROLES = ['committee']
/** Roles that write notices (the API decides which; this only chooses which entries 工作台 offers). */
export const NOTICE_WRITER_ROLES = ['committee', 'street']
