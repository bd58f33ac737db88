export default definePageConfig({ navigationBarTitleText: '预约单详情', enablePullDownRefresh: true })
