export default definePageConfig({ navigationBarTitleText: '导入器具' })
