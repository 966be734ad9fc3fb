export default definePageConfig({ navigationBarTitleText: '三务公开管理', enablePullDownRefresh: true, onReachBottomDistance: 80 })
