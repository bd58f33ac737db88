export default definePageConfig({ navigationBarTitleText: '逾期器具统计', enablePullDownRefresh: true })
