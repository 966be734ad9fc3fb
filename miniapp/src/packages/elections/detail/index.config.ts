export default definePageConfig({ navigationBarTitleText: '选举详情', enablePullDownRefresh: true })
