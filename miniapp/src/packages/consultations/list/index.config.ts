export default definePageConfig({ navigationBarTitleText: '全部议题', enablePullDownRefresh: true, onReachBottomDistance: 80 })
