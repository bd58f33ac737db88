export default definePageConfig({ navigationBarTitleText: '强检通' })
