import { chinaToday } from '@qjt/shared'
import { startStack, type Stack } from './harness'
import { confirmModal, typeInto, until, visible } from './steps'

/**
 * A market's unit admin books verification for two scales on the H5 build; the institution's
 * reviewer finds the task in the queue and accepts it with a date; the unit then sees the date,
 * the institution's phone and the message that says so.
 */
let stack: Stack
beforeAll(async () => {
  stack = await startStack('booking')
})
afterAll(() => stack?.stop())

interface Created {
  id: string
  code: string
}

const scale = (serialNo: string, extra: Record<string, unknown> = {}) => ({
  name: '电子计价秤',
  level1Code: '01',
  level2Code: '0101',
  serialNo,
  regionCode: '152921',
  location: '巴彦浩特示例农贸市场 12号摊位',
  usage: 'trade',
  deliveryMode: 'send_in',
  ...extra,
})

it('books two scales, the institution accepts with a date, the unit sees it and the message', async () => {
  const unitToken = await stack.token('demo-unit')
  const created = await Promise.all([
    stack.api<Created>(unitToken, 'POST', '/instruments', scale('BK-001')),
    stack.api<Created>(unitToken, 'POST', '/instruments', scale('BK-002', { name: '电子台秤', location: '巴彦浩特示例农贸市场 3号摊位' })),
    stack.api<Created>(unitToken, 'POST', '/instruments', scale('BK-003', { name: '旧电子秤' })),
  ])
  for (const c of created) expect(c.status).toBe(201)
  const [first, second, retired] = created.map((c) => c.data) as [Created, Created, Created]
  const disabled = await stack.api<{ done: string[] }>(unitToken, 'POST', '/instruments/batch', { action: 'disable', ids: [retired.id] })
  expect(disabled.data.done).toEqual([retired.id])

  const unit = await stack.phone()
  let page = unit.page
  await stack.logIn(page, 'demo-unit', '/pages/bookings/index')

  // No booking yet: the page says what to do next.
  await visible(page, 'bookings-empty').waitFor()
  await expect(visible(page, 'bookings-empty').innerText()).resolves.toContain('还没有预约，去新建')
  await stack.shot(page, '01-empty')
  await visible(page, 'bookings-empty-action').tap()

  // 选择器具: the ledger's instruments, the disabled one shown but not selectable, with the reason.
  await visible(page, 'booking-edit-empty').waitFor()
  await visible(page, 'booking-edit-pick').tap()
  await visible(page, `booking-pick-card-${first.id}`).waitFor()
  await expect(visible(page, `booking-pick-why-${retired.id}`).innerText()).resolves.toContain('已停用')
  await visible(page, `booking-pick-card-${retired.id}`).tap()
  await expect(visible(page, 'booking-pick-count').innerText()).resolves.toContain('0')
  await visible(page, `booking-pick-card-${first.id}`).tap()
  await visible(page, `booking-pick-card-${second.id}`).tap()
  await expect(visible(page, 'booking-pick-count').innerText()).resolves.toContain('2')
  await stack.shot(page, '02-pick')

  // The search box finds by name, as in the ledger.
  await typeInto(page, 'booking-pick-search-input', '台秤')
  await visible(page, 'booking-pick-search-submit').tap()
  await until(() => page.locator('[id^="booking-pick-card-"]:visible').count(), (n) => n === 1)
  await visible(page, 'booking-pick-done').tap()
  await expect(visible(page, 'booking-edit-count').innerText()).resolves.toContain('2')
  await visible(page, `booking-edit-item-${second.id}`).waitFor()
  await stack.shot(page, '03-chosen')

  // An accidental back keeps the selection on the phone; 删除器具 takes one off.
  await page.goBack()
  await until(() => page.locator('#booking-edit-page').count(), (n) => n === 0)
  await visible(page, 'bookings-empty-action').tap()
  await visible(page, 'booking-edit-restored').waitFor()
  await expect(visible(page, 'booking-edit-count').innerText()).resolves.toContain('2')
  await visible(page, `booking-edit-remove-${second.id}`).tap()
  await expect(visible(page, 'booking-edit-count').innerText()).resolves.toContain('1')
  await visible(page, 'booking-edit-pick').tap()
  await visible(page, `booking-pick-card-${second.id}`).tap()
  await visible(page, 'booking-pick-done').tap()
  await expect(visible(page, 'booking-edit-count').innerText()).resolves.toContain('2')

  // 提交申请: saved and submitted in one tap; the detail shows where it went.
  await visible(page, 'booking-edit-submit').tap()
  await visible(page, 'booking-detail-head').waitFor()
  await until(() => visible(page, 'booking-detail-status').innerText(), (t) => t === '已提交')
  const no = (await visible(page, 'booking-detail-no').innerText()).trim()
  expect(no).toMatch(/^\d{13}$/)
  await expect(visible(page, 'booking-detail-page').innerText()).resolves.toContain('阿拉善盟检验检测中心')
  await expect(visible(page, 'booking-detail-history').innerText()).resolves.toContain('提交申请')
  await stack.shot(page, '04-submitted')

  // The list shows it with its number, count and status.
  await page.goto(`${stack.baseUrl}/#/pages/bookings/index`)
  const card = page.locator('[id^="booking-card-"]:visible').first()
  await card.waitFor()
  await until(() => card.innerText(), (t) => t.includes(no) && t.includes('已提交') && t.includes('器具 2 台'))
  await stack.shot(page, '05-list')
  // Status chips and the 筛选 sheet narrow the list; the 预约编号 box takes digits only.
  await visible(page, 'bookings-status-draft').tap()
  await visible(page, 'bookings-no-match').waitFor()
  await visible(page, 'bookings-status-submitted').tap()
  await until(() => page.locator('[id^="booking-card-"]:visible').count(), (n) => n === 1)
  await visible(page, 'bookings-filter-open').tap()
  await visible(page, 'bookings-filter-apply').waitFor()
  await stack.shot(page, '05a-filter')
  await visible(page, 'bookings-filter-reset').tap()
  await visible(page, 'bookings-filter-apply').tap()
  await until(() => page.locator('[id^="booking-card-"]:visible').count(), (n) => n === 1)

  // The institution's reviewer: the 任务 tab, the queue, the task, 受理 with a date.
  const inst = await stack.phone()
  page = inst.page
  await stack.logIn(page, 'demo-inst', '/pages/bookings/index')
  await visible(page, 'task-home-count').waitFor()
  await until(() => visible(page, 'task-home-count').innerText(), (t) => t.includes('1'))
  await expect(page.locator('.weui-tabbar__item').nth(2).innerText()).resolves.toContain('任务')
  await stack.shot(page, '06-task-home')
  await visible(page, 'task-home-all').tap()
  const taskCard = page.locator('[id^="task-card-"]:visible').first()
  await taskCard.waitFor()
  await expect(taskCard.innerText()).resolves.toContain(no)
  await expect(taskCard.innerText()).resolves.toContain('巴彦浩特示例农贸市场')
  await expect(visible(page, 'task-queue-status-submitted').innerText()).resolves.toContain('待受理')
  await stack.shot(page, '07-queue')
  await taskCard.tap()

  await visible(page, 'task-detail-unit').waitFor()
  await expect(visible(page, 'task-detail-items').innerText()).resolves.toContain('BK-002')
  await expect(visible(page, 'task-detail-items').innerText()).resolves.toContain('3号摊位')
  await stack.shot(page, '08-task-detail')
  await visible(page, 'task-detail-accept').tap()
  await visible(page, 'task-accept-sheet').waitFor()
  // Without a date the sheet says so, under the field.
  await visible(page, 'task-accept-confirm').tap()
  await expect(visible(page, 'task-accept-date-error').innerText()).resolves.toContain('请选择检定日期')
  await visible(page, 'task-accept-date-input').tap()
  await page.locator('.nut-picker-confirm-btn:visible').tap()
  const today = chinaToday()
  await until(() => visible(page, 'task-accept-date-input').innerText(), (t) => t.includes(today))
  await expect(visible(page, 'task-accept-mode-send_in').innerText()).resolves.toContain('✓')
  await stack.shot(page, '09-accept-sheet')
  await visible(page, 'task-accept-confirm').tap()
  await until(() => visible(page, 'task-detail-status').innerText(), (t) => t === '已受理')
  await expect(visible(page, 'task-detail-date').innerText()).resolves.toContain(today)
  await stack.shot(page, '10-accepted')

  // Back as the unit (the list is still on screen there): 已受理 with the date and the institution's phone.
  page = unit.page
  await page.reload()
  await until(() => page.locator('[id^="booking-card-"]:visible').first().innerText(), (t) => t.includes('已受理') && t.includes(today))
  await page.locator('[id^="booking-card-"]:visible').first().tap()
  await until(() => visible(page, 'booking-detail-status').innerText(), (t) => t === '已受理')
  const task = page.locator('[id^="booking-task-"][id$="-date"]:visible').first()
  await expect(task.innerText()).resolves.toContain(today)
  const phone = page.locator('[id^="booking-task-"][id$="-phone"]:visible').first()
  await expect(phone.innerText()).resolves.toContain('0483-8350096')
  await expect(visible(page, 'booking-detail-history').innerText()).resolves.toContain('受理')
  await expect(page.locator('#booking-detail-withdraw').count()).resolves.toBe(0)
  await stack.shot(page, '11-unit-accepted')

  // 消息: the acceptance, unread, with where it came from; the 我的 tab carries the count.
  await page.goto(`${stack.baseUrl}/#/pages/mine/index`)
  await until(() => page.locator('.weui-tabbar__item').nth(3).innerText(), (t) => /\d/.test(t))
  await visible(page, 'mine-messages-badge').waitFor()
  await stack.shot(page, '12-mine-badge')
  await visible(page, 'mine-messages').tap()
  const accepted = page.locator('[id^="messages-item-"]:visible', { hasText: '预约已受理' }).first()
  await accepted.waitFor()
  await expect(accepted.innerText()).resolves.toContain(no)
  await expect(accepted.innerText()).resolves.toContain('阿拉善盟检验检测中心')
  await expect(accepted.innerText()).resolves.toContain('未读')
  await stack.shot(page, '13-messages')
  // Tapping a message opens what it is about and marks it read.
  await accepted.tap()
  await until(() => visible(page, 'booking-detail-no').innerText(), (t) => t.trim() === no)
  await page.goBack()
  await until(() => accepted.innerText(), (t) => !t.includes('未读'))
  await until(() => visible(page, 'messages-summary').innerText(), (t) => t.includes('1 条未读'))
  await visible(page, 'messages-read-all').tap()
  await until(() => visible(page, 'messages-summary').innerText(), (t) => !t.includes('未读'))

  // Returned: the reviewer must give a reason; the unit reads it, edits and submits again.
  const fourth = await stack.api<Created>(unitToken, 'POST', '/instruments', scale('BK-004', { name: '电子吊秤', location: '巴彦浩特示例农贸市场 冷库' }))
  const another = await stack.api<{ id: string; version: number }>(unitToken, 'POST', '/bookings', { instrumentIds: [fourth.data.id] })
  const sent = await stack.api<{ no: string; tasks: { id: string }[] }>(unitToken, 'POST', `/bookings/${another.data.id}/submit`, {})
  expect(sent.status).toBe(200)
  page = inst.page
  await page.goto(`${stack.baseUrl}/#/packages/tasks/detail/index?id=${sent.data.tasks[0]!.id}`)
  await visible(page, 'task-detail-return').tap()
  await visible(page, 'task-return-confirm').tap()
  await expect(visible(page, 'task-return-reason-error').innerText()).resolves.toContain('请填写退回原因')
  await visible(page, 'task-return-reason-input').locator('textarea').fill('吊秤请改为现场检定后再提交')
  await stack.shot(page, '15-return-sheet')
  await visible(page, 'task-return-confirm').tap()
  await confirmModal(page, '退回不能撤回')
  await until(() => visible(page, 'task-detail-status').innerText(), (t) => t === '已退回')
  await expect(visible(page, 'task-detail-reason').innerText()).resolves.toContain('吊秤请改为现场检定')

  page = unit.page
  await page.goto(`${stack.baseUrl}/#/packages/booking/detail/index?id=${another.data.id}`)
  await until(() => visible(page, 'booking-detail-status').innerText(), (t) => t === '已退回')
  const reason = page.locator('[id^="booking-task-"][id$="-reason"]:visible').first()
  await expect(reason.innerText()).resolves.toContain('吊秤请改为现场检定后再提交')
  await stack.shot(page, '16-returned')
  await visible(page, 'booking-detail-resubmit').tap()
  await visible(page, `booking-edit-item-${fourth.data.id}`).waitFor()
  await expect(visible(page, 'booking-edit-submit').innerText()).resolves.toContain('重新提交')
  await visible(page, 'booking-edit-submit').tap()
  await until(() => visible(page, 'booking-detail-status').innerText(), (t) => t === '已提交')
  await expect(visible(page, 'booking-detail-page').innerText()).resolves.toContain('以往的检定任务')
  await expect(visible(page, 'booking-detail-history').innerText()).resolves.toContain('重新提交')
  await stack.shot(page, '17-resubmitted')

  // A booking the system cannot place: the refusal names the instrument in full.
  const far = await stack.api<Created>(unitToken, 'POST', '/instruments', scale('BK-900', { name: '北京的电子秤', regionCode: '110105', location: '朝阳区某市场' }))
  expect(far.status).toBe(201)
  const draft = await stack.api<{ id: string }>(unitToken, 'POST', '/bookings', { instrumentIds: [far.data.id] })
  expect(draft.status).toBe(201)
  // Another booking's detail is on screen: load this one afresh.
  await page.goto(`${stack.baseUrl}/#/packages/booking/detail/index?id=${draft.data.id}`)
  await page.reload()
  await visible(page, 'booking-detail-submit').tap()
  await visible(page, 'booking-detail-problem').waitFor()
  await expect(visible(page, 'booking-detail-problem').innerText()).resolves.toContain(far.data.code)
  await stack.shot(page, '14-no-institution')

  // 大字模式 (set on 我的) keeps the three actions of a draft on one readable row.
  await page.goto(`${stack.baseUrl}/#/pages/mine/index`)
  await visible(page, 'mine-large-text').tap()
  await page.goto(`${stack.baseUrl}/#/packages/booking/detail/index?id=${draft.data.id}`)
  await page.reload()
  await visible(page, 'booking-detail-submit').waitFor()
  await page.locator('.qjt-page--large:visible').first().waitFor()
  await stack.shot(page, '14a-large-text')
  await visible(page, 'booking-detail-edit').tap()
  await visible(page, `booking-edit-item-${far.data.id}`).waitFor()
  await stack.shot(page, '14b-large-edit')
  await page.goBack()

  // The draft can be deleted, after saying what that means.
  await visible(page, 'booking-detail-delete').tap()
  await confirmModal(page, '不能恢复')
  await until(async () => (await stack.api(unitToken, 'GET', `/bookings/${draft.data.id}`)).status, (s) => s === 404)

  // A verifier sees the task but not the decision, and is told why.
  const checker = await stack.phone()
  page = checker.page
  const resubmitted = await stack.api<{ tasks: { id: string; status: string }[] }>(unitToken, 'GET', `/bookings/${another.data.id}`)
  const open = resubmitted.data.tasks.find((t) => t.status === 'submitted')!
  await stack.logIn(page, 'demo-inst-checker', `/packages/tasks/detail/index?id=${open.id}`)
  await visible(page, 'task-detail-why').waitFor()
  await expect(visible(page, 'task-detail-why').innerText()).resolves.toContain('只有预约审核员')
  await expect(visible(page, 'task-detail-accept').getAttribute('class')).resolves.toContain('qjt-btn--disabled')
  await stack.shot(page, '18-verifier')

  // A scale the unit never brought: the reviewer takes it off the accepted task with a reason, after
  // confirming; the unit's booking says why, and the scale is back in the ledger to book again.
  const booked = await stack.api<{ items: { id: string }[] }>(unitToken, 'GET', `/bookings?no=${no}`)
  const firstBooking = await stack.api<{ tasks: { id: string }[] }>(unitToken, 'GET', `/bookings/${booked.data.items[0]!.id}`)
  page = inst.page
  await page.goto(`${stack.baseUrl}/#/packages/tasks/detail/index?id=${firstBooking.data.tasks[0]!.id}`)
  await page.reload()
  await visible(page, `task-detail-remove-${second.id}`).tap()
  await visible(page, 'task-remove-confirm').tap()
  await expect(visible(page, 'task-remove-reason-error').innerText()).resolves.toContain('请填写移出原因')
  await visible(page, 'task-remove-reason-input').locator('textarea').fill('检定日期已过，单位未送检')
  await stack.shot(page, '19-remove-sheet')
  await visible(page, 'task-remove-confirm').tap()
  await confirmModal(page, '移出后不能撤回')
  await until(() => page.locator(`#task-detail-item-${second.id}:visible`).count(), (n) => n === 0)
  await expect(visible(page, 'task-detail-history').innerText()).resolves.toContain('检定日期已过，单位未送检')
  await stack.shot(page, '20-removed')

  page = unit.page
  await page.goto(`${stack.baseUrl}/#/packages/booking/detail/index?id=${booked.data.items[0]!.id}`)
  await page.reload()
  await until(() => visible(page, `booking-detail-item-${second.id}-removed`).innerText(), (t) => t.includes('检定日期已过，单位未送检'))
  await visible(page, `booking-detail-item-${second.id}-removed`).scrollIntoViewIfNeeded()
  await stack.shot(page, '21-unit-removed')
  const row = await stack.api<{ verifyStatus: string }>(unitToken, 'GET', `/instruments/${second.id}`)
  expect(row.data.verifyStatus).toBe('unverified')

  // An institution keeps no ledger: its 台账 tab points to its own work instead.
  page = inst.page
  await page.goto(`${stack.baseUrl}/#/pages/ledger/index`)
  await visible(page, 'ledger-not-unit').waitFor()
  await expect(visible(page, 'ledger-elsewhere-0').innerText()).resolves.toContain('检定任务')
  await until(() => page.locator('.weui-tabbar__item').nth(2).innerText(), (t) => t.includes('任务'))
  await stack.shot(page, '22-institution-ledger-tab')
  await visible(page, 'ledger-elsewhere-0').tap()
  await page.locator('[id^="task-card-"]:visible').first().waitFor()

  await unit.context.close()
  await inst.context.close()
  await checker.context.close()
})
