import Taro from '@tarojs/taro'

/** Page paths, in one place so pages never spell them out. */
export const LOGIN_PAGE = '/pages/login/index'
export const MINE_PAGE = '/pages/mine/index'
export const REALNAME_PAGE = '/packages/profile/realname/index'
export const BINDING_PAGE = '/packages/profile/binding/index'
export const PERSONAL_INFO_PAGE = '/packages/profile/info/index'
export const PASSWORD_PAGE = '/packages/profile/password/index'
export const WORKBENCH_PAGE = '/packages/workbench/home/index'
export const HOME_PAGE = '/pages/index/index'
export const NOTICE_LIST_PAGE = '/packages/notices/list/index'
export const NOTICE_DETAIL_PAGE = '/packages/notices/detail/index'
export const MESSAGES_PAGE = '/packages/messages/index/index'
export const NOTICE_MANAGE_PAGE = '/packages/workbench/notices/index'
export const NOTICE_COMPOSE_PAGE = '/packages/workbench/compose/index'
export const NOTICE_READS_PAGE = '/packages/workbench/reads/index'
export const REPORT_NEW_PAGE = '/packages/reports/new/index'
export const REPORT_MINE_PAGE = '/packages/reports/mine/index'
export const REPORT_DETAIL_PAGE = '/packages/reports/detail/index'
export const REPORT_COMMUNITY_PAGE = '/packages/reports/community/index'
// The workbench's report pages (the API's messages link to REPORT_HANDLE_PAGE too).
export const INBOX_PAGE = '/packages/workbench/inbox/index'
export const REPORT_HANDLE_PAGE = '/packages/workbench/report/index'
export const PATROL_PAGE = '/packages/workbench/patrol/index'
export const VISITS_PAGE = '/packages/workbench/visits/index'
export const FIGURES_PAGE = '/packages/workbench/figures/index'
// 预约办事: the resident's pages (the 办事 tab lists the services) and the workbench's.
export const SERVICES_PAGE = '/pages/services/index'
export const SERVICE_DETAIL_PAGE = '/packages/bookings/service/index'
export const BOOKING_MINE_PAGE = '/packages/bookings/mine/index'
export const BOOKING_DETAIL_PAGE = '/packages/bookings/detail/index'
export const SERVICE_MANAGE_PAGE = '/packages/workbench/services/index'
export const SERVICE_EDIT_PAGE = '/packages/workbench/service-edit/index'
export const SLOTS_PAGE = '/packages/workbench/slots/index'
export const DESK_PAGE = '/packages/workbench/desk/index'
// 换届选举 in the workbench: the list, a draft's editor, one election's management.
export const ELECTION_MANAGE_PAGE = '/packages/workbench/elections/index'
export const ELECTION_EDIT_PAGE = '/packages/workbench/election-edit/index'
export const ELECTION_ADMIN_PAGE = '/packages/workbench/election/index'
// 社区选举: the resident's pages (the 议事 tab lists the elections; the API's messages link to ELECTION_DETAIL_PAGE?id=).
export const ELECTION_LIST_PAGE = '/packages/elections/list/index'
export const ELECTION_DETAIL_PAGE = '/packages/elections/detail/index'
export const ELECTION_ROLL_PAGE = '/packages/elections/roll/index'
export const BALLOT_PAGE = '/packages/elections/ballot/index'
export const BOARD_PAGE = '/packages/elections/board/index'
export const RESULTS_PAGE = '/packages/elections/results/index'
/** 监票：核对选票 (the election's scrutineers only, `?id=&round=`). */
export const SCRUTINY_PAGE = '/packages/elections/ballots/index'

// 协商议事: the resident's pages (the 议事 tab lists recent topics) and the workbench's.
export const CONSULTATION_LIST_PAGE = '/packages/consultations/list/index'
export const CONSULTATION_DETAIL_PAGE = '/packages/consultations/detail/index'
export const CONSULTATION_PROPOSE_PAGE = '/packages/consultations/propose/index'
export const CONSULTATION_MANAGE_PAGE = '/packages/workbench/consultations/index'
export const CONSULTATION_OPEN_PAGE = '/packages/workbench/consultations/open/index'
export const CONSULTATION_ADMIN_PAGE = '/packages/workbench/consultations/manage/index'

// 三务公开: the resident's pages (the API's messages link to DISCLOSURE_DETAIL_PAGE?id=) and the workbench's.
export const DISCLOSURE_LIST_PAGE = '/packages/disclosures/list/index'
export const DISCLOSURE_DETAIL_PAGE = '/packages/disclosures/detail/index'
export const DISCLOSURE_TOTALS_PAGE = '/packages/disclosures/totals/index'
export const DISCLOSURE_MANAGE_PAGE = '/packages/workbench/disclosures/index'
export const DISCLOSURE_EDIT_PAGE = '/packages/workbench/disclosures/edit/index'
export const DISCLOSURE_ITEM_PAGE = '/packages/workbench/disclosures/item/index'

/** Pages shown in the tab bar: these are opened with switchTab, everything else with navigateTo. */
export const TAB_PAGES = ['/pages/index/index', '/pages/services/index', '/pages/report/index', '/pages/consultation/index', '/pages/mine/index']

/** A page path with its query string (`withQuery(NOTICE_DETAIL_PAGE, { id: 3 })`). */
export function withQuery(page: string, query: Record<string, string | number | undefined>): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `${page}?${parts.join('&')}` : page
}

/** Opens an in-app link (a message's `link`): tab pages by switchTab, others by navigateTo. */
export function openLink(link: string): Promise<unknown> {
  const url = link.startsWith('/') ? link : `/${link}`
  const path = url.split('?')[0]
  return TAB_PAGES.includes(path) ? Taro.switchTab({ url: path }) : Taro.navigateTo({ url })
}
