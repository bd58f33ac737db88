export default definePageConfig({ navigationBarTitleText: '用户手册' })
