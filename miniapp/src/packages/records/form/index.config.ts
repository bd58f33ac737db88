export default definePageConfig({ navigationBarTitleText: '录入检定数据' })
