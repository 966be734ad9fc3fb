export default definePageConfig({ navigationBarTitleText: '议题管理', enablePullDownRefresh: true, onReachBottomDistance: 80 })
