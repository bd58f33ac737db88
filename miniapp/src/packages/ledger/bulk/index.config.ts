export default definePageConfig({ navigationBarTitleText: '批量新增器具' })
