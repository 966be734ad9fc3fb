export default definePageConfig({ navigationBarTitleText: '选民名单', enablePullDownRefresh: true })
