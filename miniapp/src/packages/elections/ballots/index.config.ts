export default definePageConfig({ navigationBarTitleText: '监票：核对选票', enablePullDownRefresh: true })
