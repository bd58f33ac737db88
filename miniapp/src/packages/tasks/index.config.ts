export default definePageConfig({ navigationBarTitleText: '检定任务', enablePullDownRefresh: true })
