export default definePageConfig({ navigationBarTitleText: '编辑选举' })
