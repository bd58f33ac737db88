export default definePageConfig({ navigationBarTitleText: '检定任务详情', enablePullDownRefresh: true })
