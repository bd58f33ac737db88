export default definePageConfig({ navigationBarTitleText: '强检器具台账', enablePullDownRefresh: true })
