export default definePageConfig({ navigationBarTitleText: '考核测评', enablePullDownRefresh: true })
