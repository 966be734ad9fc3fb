export default definePageConfig({ navigationBarTitleText: '管理选举', enablePullDownRefresh: true })
