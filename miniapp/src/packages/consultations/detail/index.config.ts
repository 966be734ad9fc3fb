export default definePageConfig({ navigationBarTitleText: '议题详情', enablePullDownRefresh: true, onReachBottomDistance: 80, enableShareAppMessage: true })
