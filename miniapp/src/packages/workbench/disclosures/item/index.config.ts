export default definePageConfig({ navigationBarTitleText: '公开事项管理', enablePullDownRefresh: true })
