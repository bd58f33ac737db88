export default definePageConfig({ navigationBarTitleText: '检定证书', enablePullDownRefresh: true })
