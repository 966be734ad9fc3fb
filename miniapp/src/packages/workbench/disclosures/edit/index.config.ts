export default definePageConfig({ navigationBarTitleText: '发布公开事项' })
