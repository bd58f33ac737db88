export default definePageConfig({ navigationBarTitleText: '检定机构联系方式' })
