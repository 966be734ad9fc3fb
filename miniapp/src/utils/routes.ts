/** Page paths, in one place so pages never spell them out. */
export const LOGIN_PAGE = '/pages/login/index'
export const MINE_PAGE = '/pages/mine/index'
export const REALNAME_PAGE = '/packages/profile/realname/index'
export const BINDING_PAGE = '/packages/profile/binding/index'
export const WORKBENCH_PAGE = '/packages/workbench/home/index'
