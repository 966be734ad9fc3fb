export default definePageConfig({ navigationBarTitleText: '回执码公示', enablePullDownRefresh: true })
