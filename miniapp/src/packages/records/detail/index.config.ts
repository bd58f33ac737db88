export default definePageConfig({ navigationBarTitleText: '检定记录', enablePullDownRefresh: true })
