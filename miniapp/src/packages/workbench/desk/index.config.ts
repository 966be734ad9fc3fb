export default definePageConfig({ navigationBarTitleText: '预约窗口', enablePullDownRefresh: true })
