export default defineAppConfig({
  // Tab pages and login live in the main package; every feature is a subpackage.
  pages: [
    'pages/index/index',
    'pages/services/index',
    'pages/report/index',
    'pages/consultation/index',
    'pages/mine/index',
    'pages/login/index',
  ],
  subPackages: [
    { root: 'packages/profile', name: 'profile', pages: ['realname/index', 'binding/index', 'info/index', 'password/index'] },
    { root: 'packages/workbench', name: 'workbench', pages: ['home/index', 'notices/index', 'compose/index', 'reads/index', 'inbox/index', 'report/index', 'patrol/index', 'visits/index', 'figures/index', 'services/index', 'service-edit/index', 'slots/index', 'desk/index', 'elections/index', 'election-edit/index', 'election/index', 'consultations/index', 'consultations/open/index', 'consultations/manage/index', 'disclosures/index', 'disclosures/edit/index', 'disclosures/item/index'] },
    { root: 'packages/notices', name: 'notices', pages: ['list/index', 'detail/index'] },
    { root: 'packages/messages', name: 'messages', pages: ['index/index'] },
    { root: 'packages/reports', name: 'reports', pages: ['new/index', 'mine/index', 'detail/index', 'community/index'] },
    { root: 'packages/bookings', name: 'bookings', pages: ['service/index', 'mine/index', 'detail/index'] },
    { root: 'packages/consultations', name: 'consultations', pages: ['list/index', 'detail/index', 'propose/index'] },
    { root: 'packages/elections', name: 'elections', pages: ['list/index', 'detail/index', 'roll/index', 'ballot/index', 'board/index', 'results/index', 'ballots/index'] },
    { root: 'packages/disclosures', name: 'disclosures', pages: ['list/index', 'detail/index', 'totals/index'] },
  ],
  preloadRule: {
    // 首页 links to notices and messages; 我的 to the profile forms, 我的诉求 and 我的预约. The staff
    // workbench is not preloaded: a rule cannot tell staff from residents, who never open it.
    'pages/index/index': { network: 'all', packages: ['notices', 'messages', 'disclosures'] },
    'pages/mine/index': { network: 'all', packages: ['profile', 'reports', 'bookings'] },
    // 随手拍 opens the report form, 我的诉求 and 社区诉求.
    'pages/report/index': { network: 'all', packages: ['reports'] },
    // 办事 opens a service's page (materials, slots, booking) and 我的预约.
    'pages/services/index': { network: 'all', packages: ['bookings'] },
    // 议事 lists the community's elections and topics and opens their pages.
    'pages/consultation/index': { network: 'all', packages: ['elections', 'consultations'] },
  },
  tabBar: {
    color: '#5c6370',
    selectedColor: '#1e6b52',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png', text: '首页' },
      { pagePath: 'pages/services/index', iconPath: 'assets/tabbar/services.png', selectedIconPath: 'assets/tabbar/services-active.png', text: '办事' },
      { pagePath: 'pages/report/index', iconPath: 'assets/tabbar/report.png', selectedIconPath: 'assets/tabbar/report-active.png', text: '随手拍' },
      { pagePath: 'pages/consultation/index', iconPath: 'assets/tabbar/consultation.png', selectedIconPath: 'assets/tabbar/consultation-active.png', text: '议事' },
      { pagePath: 'pages/mine/index', iconPath: 'assets/tabbar/mine.png', selectedIconPath: 'assets/tabbar/mine-active.png', text: '我的' },
    ],
  },
  // WeChat asks our own privacy sheet (components/PrivacySheet) before any privacy-protected API.
  __usePrivacyCheck__: true,
  // 随手拍 lets a resident pick the problem's place on the map (docs/wechat-privacy.md).
  requiredPrivateInfos: ['chooseLocation'],
  permission: { 'scope.userLocation': { desc: '用于在地图上选择你上报问题的位置' } },
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#1e6b52',
    navigationBarTitleText: '邻里通',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f5f7',
  },
})
