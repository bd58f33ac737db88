export default definePageConfig({ navigationBarTitleText: '新增器具' })
