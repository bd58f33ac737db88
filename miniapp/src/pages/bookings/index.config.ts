export default definePageConfig({ navigationBarTitleText: '强检器具预约', enablePullDownRefresh: true })
