export default definePageConfig({ navigationBarTitleText: '新建预约' })
