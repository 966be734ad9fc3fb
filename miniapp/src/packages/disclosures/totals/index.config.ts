export default definePageConfig({ navigationBarTitleText: '收支合计', enablePullDownRefresh: true })
