export default definePageConfig({ navigationBarTitleText: '邻里通', enablePullDownRefresh: true })
