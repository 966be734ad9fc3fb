export default definePageConfig({ navigationBarTitleText: '社区选举', enablePullDownRefresh: true, onReachBottomDistance: 80 })
