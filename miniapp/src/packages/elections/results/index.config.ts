export default definePageConfig({ navigationBarTitleText: '选举结果', enablePullDownRefresh: true, enableShareAppMessage: true, enableShareTimeline: true })
