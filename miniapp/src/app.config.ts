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
    { root: 'packages/profile', name: 'profile', pages: ['realname/index', 'binding/index'] },
    { root: 'packages/workbench', name: 'workbench', pages: ['home/index'] },
  ],
  preloadRule: {
    'pages/mine/index': { network: 'all', packages: ['profile', 'workbench'] },
  },
  tabBar: {
    color: '#5c6370',
    selectedColor: '#1e6b52',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/services/index', text: '办事' },
      { pagePath: 'pages/report/index', text: '随手拍' },
      { pagePath: 'pages/consultation/index', text: '议事' },
      { pagePath: 'pages/mine/index', text: '我的' },
    ],
  },
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#1e6b52',
    navigationBarTitleText: '邻里通',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f5f7',
  },
})
