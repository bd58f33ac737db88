import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { chinaToday } from '@qjt/shared'
import { startStack, type Stack } from './harness'
import { confirmModal, typeInto, until, visible } from './steps'

/**
 * The whole way from a new stall holder to a certificate anyone can check: a unit registers in
 * 阿拉善左旗, adds a scale and books it; the institution accepts, records the measurements, checks
 * and approves with three different people; the unit downloads the PDF, and a stranger's phone
 * opens the QR code's link without logging in and reads 真实有效.
 */
let stack: Stack
beforeAll(async () => {
  stack = await startStack('seed-flow')
})
afterAll(() => stack?.stop())

/** 有效期至 of a 12-month kind verified today: the same day a year on, less one day. */
function yearLater(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCFullYear(d.getUTCFullYear() + 1)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}

/** Picks today (or the picker's preset) from a date field's wheels. */
async function pickDate(page: Page, id: string) {
  await visible(page, id).tap()
  await page.locator('.nut-picker-confirm-btn:visible').tap()
  await until(() => visible(page, id).innerText(), (t) => /\d{4}-\d{2}-\d{2}/.test(t))
}

const UNIT_NAME = '阿拉善左旗巴彦浩特和平农贸市场'

it('takes a new unit from registering to a certificate a stranger can check', async () => {
  const openid = `seed-unit-${Date.now()}`
  const today = chinaToday()

  // 1. A new stall holder logs in and registers the market in 阿拉善左旗.
  const unit = await stack.phone()
  let page = unit.page
  await stack.logIn(page, openid, '/packages/account/register/index')
  await visible(page, 'reg-name-input').waitFor()
  await typeInto(page, 'reg-name-input', UNIT_NAME)
  await typeInto(page, 'reg-uscc-input', '91340621748912632N')
  await visible(page, 'reg-region').tap()
  for (const place of ['内蒙古自治区', '阿拉善盟', '阿拉善左旗']) {
    await page.getByText(place, { exact: true }).last().tap()
  }
  await typeInto(page, 'reg-address-input', '巴彦浩特镇和平路8号')
  await typeInto(page, 'reg-contactName-input', '张桂兰')
  await typeInto(page, 'reg-contactPhone-input', '13904830002')
  await stack.shot(page, '01-register')
  await visible(page, 'register-submit').tap()
  await visible(page, 'mine-org').waitFor()
  await expect(visible(page, 'mine-org').innerText()).resolves.toContain('阿拉善左旗')
  await visible(page, 'mine-certificates').waitFor()
  await stack.shot(page, '02-mine-unit')

  // 2. The scale goes into the ledger through the form.
  await page.goto(`${stack.baseUrl}/#/pages/ledger/index`)
  await visible(page, 'ledger-empty-action').tap()
  await visible(page, 'ledger-form-name-input').waitFor()
  await typeInto(page, 'ledger-form-name-input', '电子计价秤')
  await visible(page, 'ledger-form-level2Code-input').tap()
  await page.locator('.nut-cascader-item:visible').getByText('非自动衡器', { exact: true }).first().tap()
  await page.locator('.nut-cascader-item:visible').getByText('非自动衡器（0101）', { exact: true }).tap()
  await typeInto(page, 'ledger-form-model-input', 'ACS-30')
  await typeInto(page, 'ledger-form-serialNo-input', 'HP-0815')
  await visible(page, 'ledger-form-usage-input-trade').tap()
  await typeInto(page, 'ledger-form-location-input', '和平农贸市场 8号摊位')
  await stack.shot(page, '03-instrument-form')
  await visible(page, 'ledger-form-submit').tap()
  await visible(page, 'ledger-detail-head').waitFor()
  const instrumentId = /[?&]id=([0-9a-f]{24})/.exec(page.url())?.[1]
  expect(instrumentId).toBeDefined()
  // The certificates load after the detail: wait for them rather than read the loading line.
  await until(() => visible(page, 'ledger-detail-verifications').innerText(), (t) => t.includes('暂无检定记录'))

  // 3. Booked and submitted.
  await page.goto(`${stack.baseUrl}/#/pages/bookings/index`)
  await visible(page, 'bookings-empty-action').tap()
  await visible(page, 'booking-edit-pick').tap()
  await visible(page, `booking-pick-card-${instrumentId}`).tap()
  await visible(page, 'booking-pick-done').tap()
  await visible(page, 'booking-edit-submit').tap()
  await until(() => visible(page, 'booking-detail-status').innerText(), (t) => t === '已提交')
  const bookingNo = (await visible(page, 'booking-detail-no').innerText()).trim()
  await stack.shot(page, '04-booked')

  // 4. The institution's reviewer accepts it for today.
  const inst = await stack.phone()
  page = inst.page
  await stack.logIn(page, 'demo-inst', '/pages/bookings/index')
  await visible(page, 'task-home-all').tap()
  const taskCard = page.locator('[id^="task-card-"]:visible', { hasText: bookingNo })
  await taskCard.tap()
  await visible(page, 'task-detail-accept').tap()
  await pickDate(page, 'task-accept-date-input')
  await expect(visible(page, 'task-accept-date-input').innerText()).resolves.toContain(today)
  await visible(page, 'task-accept-confirm').tap()
  await until(() => visible(page, 'task-detail-status').innerText(), (t) => t === '已受理')
  const recordButton = visible(page, `task-detail-record-${instrumentId}`)
  await expect(recordButton.innerText()).resolves.toContain('录入检定数据')
  await stack.shot(page, '05-task-accepted')

  // 5. The verifier records the measurements. The regulation comes from the catalogue; errors
  //    show under the fields; a slip of the back button keeps what was typed.
  await recordButton.tap()
  await until(() => visible(page, 'record-form-regulation-input').locator('input').inputValue(), (v) => v.startsWith('JJG 539'))
  await expect(visible(page, 'record-form-verifiedAt-input').innerText()).resolves.toContain(today)
  await visible(page, 'record-form-submit').tap()
  await expect(visible(page, 'record-form-temperature-error').innerText()).resolves.toContain('温度')
  await expect(visible(page, 'record-form-inspectionPassed-error').innerText()).resolves.toContain('外观检查')
  await stack.shot(page, '06-record-errors')
  await typeInto(page, 'record-form-temperature-input', '18.5')
  await page.goBack()
  await visible(page, `task-detail-record-${instrumentId}`).tap()
  await visible(page, 'record-form-restored').waitFor()
  await expect(visible(page, 'record-form-temperature-input').locator('input').inputValue()).resolves.toBe('18.5')

  await typeInto(page, 'record-form-humidity-input', '46')
  await typeInto(page, 'record-form-standards-0-name-input', 'F2等级砝码组 1mg～20kg')
  await typeInto(page, 'record-form-standards-0-certificateNo-input', 'ALS-BZ-2026-0031')
  await pickDate(page, 'record-form-standards-0-validUntil-input')
  await visible(page, 'record-form-inspection-choice-pass').tap()
  await typeInto(page, 'record-form-points-0-item-input', '示值误差')
  await typeInto(page, 'record-form-points-0-unit-input', 'kg')
  const points = [
    ['0.5', '0.505', '0.005'],
    ['15', '15.005', '0.01'],
    ['30', '29.99', '0.015'],
  ]
  for (const [i, [nominal, indication, mpe]] of points.entries()) {
    if (i > 0) await visible(page, 'record-form-point-add').tap()
    await typeInto(page, `record-form-points-${i}-nominal-input`, nominal!)
    await typeInto(page, `record-form-points-${i}-indication-input`, indication!)
    await typeInto(page, `record-form-points-${i}-mpe-input`, mpe!)
  }
  // The preview is exact decimal arithmetic: 15.005 − 15 is 0.005, not 0.004999….
  await expect(visible(page, 'record-form-point-1-preview').innerText()).resolves.toMatch(/\+0\.005\s*✓ 合格/)
  await expect(visible(page, 'record-form-point-2-preview').innerText()).resolves.toMatch(/−0\.01\s*✓ 合格/)
  await expect(visible(page, 'record-form-summary').innerText()).resolves.toContain('均在允许误差内')
  await visible(page, 'record-form-points').scrollIntoViewIfNeeded()
  await stack.shot(page, '07-record-points')
  await visible(page, 'record-form-submit').tap()

  await until(() => visible(page, 'record-detail-status').innerText(), (t) => t === '待核验')
  await expect(visible(page, 'record-detail-conclusion').innerText()).resolves.toContain('合格')
  await expect(visible(page, 'record-detail-points').innerText()).resolves.toContain('+0.005')
  // The one who recorded it cannot also check it.
  await expect(visible(page, 'record-detail-why').innerText()).resolves.toContain('另一位检定员')
  await stack.shot(page, '08-recorded')
  await visible(page, 'record-detail-signatures').scrollIntoViewIfNeeded()
  await stack.shot(page, '08a-recorded-data')

  // 6. Another verifier checks and signs.
  const checker = await stack.phone()
  page = checker.page
  await stack.logIn(page, 'demo-inst-checker', '/pages/bookings/index')
  await until(() => visible(page, 'task-home-rec-recorded').innerText(), (t) => t.includes('1'))
  await stack.shot(page, '09-checker-home')
  await visible(page, 'task-home-rec-recorded').tap()
  const queued = page.locator('[id^="record-card-"]:visible').first()
  await expect(queued.innerText()).resolves.toContain('电子计价秤')
  await stack.shot(page, '10-checker-queue')
  await queued.tap()
  await visible(page, 'record-detail-check').tap()
  await confirmModal(page, '批准人')
  await until(() => visible(page, 'record-detail-status').innerText(), (t) => t === '待批准')
  await expect(visible(page, 'record-detail-sign-checker').innerText()).resolves.toContain('签名')
  await stack.shot(page, '11-checked')

  // 7. The approver approves: the certificate is issued.
  const approver = await stack.phone()
  page = approver.page
  await stack.logIn(page, 'demo-inst-approver', '/pages/bookings/index')
  await until(() => visible(page, 'task-home-rec-checked').innerText(), (t) => t.includes('1'))
  await visible(page, 'task-home-rec-checked').tap()
  await page.locator('[id^="record-card-"]:visible').first().tap()
  await visible(page, 'record-detail-approve').tap()
  await visible(page, 'record-approve-sheet').waitFor()
  await stack.shot(page, '12-approve-sheet')
  await visible(page, 'record-approve-confirm').tap()
  await until(() => visible(page, 'record-detail-status').innerText(), (t) => t === '已批准')
  const certButton = visible(page, 'record-detail-certificate')
  const certNo = /查看证书\s*(\S+)/.exec(await certButton.innerText())?.[1] ?? ''
  expect(certNo).not.toBe('')
  await expect(visible(page, 'record-detail-signatures').innerText()).resolves.not.toContain('待批准')
  await stack.shot(page, '13-approved')

  // 8. The unit finds the certificate, reads it and downloads the PDF.
  page = unit.page
  await page.goto(`${stack.baseUrl}/#/pages/mine/index`)
  await visible(page, 'mine-certificates').tap()
  const certCard = visible(page, `certificate-card-${certNo}`)
  await until(() => certCard.innerText(), (t) => t.includes('合格') && t.includes('有效'))
  await expect(certCard.innerText()).resolves.toContain(yearLater(today))
  await stack.shot(page, '14-certificates')
  await certCard.tap()
  await until(() => visible(page, 'cert-detail-no').innerText(), (t) => t.trim() === certNo)
  await expect(visible(page, 'cert-detail-conclusion').innerText()).resolves.toContain('合格')
  await expect(visible(page, 'cert-detail-page').innerText()).resolves.toContain('HP-0815')
  await stack.shot(page, '15-certificate')
  await visible(page, 'cert-detail-results').scrollIntoViewIfNeeded()
  await stack.shot(page, '15a-certificate-results')
  const [download] = await Promise.all([page.waitForEvent('download'), visible(page, 'cert-detail-pdf').tap()])
  expect(download.suggestedFilename()).toMatch(/\.pdf$/)
  const pdf = fs.readFileSync((await download.path())!)
  expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF')
  // 打开验证页: the same public check, inside the app.
  await visible(page, 'cert-detail-verify').tap()
  await until(() => visible(page, 'verify-word').innerText(), (t) => t.trim() === '真实有效')
  await page.goBack()

  // The ledger row now carries it, and its 检定记录 opens the certificate.
  await page.goto(`${stack.baseUrl}/#/packages/ledger/detail/index?id=${instrumentId}`)
  // Load it afresh: the certificate's pages are still in the stack behind it.
  await page.reload()
  await visible(page, `ledger-detail-cert-${certNo}`).waitFor()
  await expect(visible(page, 'ledger-detail-head').innerText()).resolves.toContain(yearLater(today))
  await visible(page, 'ledger-detail-verifications').scrollIntoViewIfNeeded()
  await stack.shot(page, '16-ledger-verifications')

  // 9. A stranger scans the QR code: a fresh browser, nobody logged in.
  const unitToken = await stack.token(openid)
  const res = await fetch(`${stack.baseUrl}/api/v1/certificates/${encodeURIComponent(certNo)}`, { headers: { Authorization: `Bearer ${unitToken}` } })
  const { verifyUrl } = (await res.json()) as { verifyUrl: string }
  expect(verifyUrl).toContain('/#/verify?no=')
  const stranger = await stack.phone()
  page = stranger.page
  await page.goto(verifyUrl)
  await until(() => visible(page, 'verify-word').innerText(), (t) => t.trim() === '真实有效')
  const facts = await visible(page, 'verify-facts').innerText()
  expect(facts).toContain(certNo)
  expect(facts).toContain('HP-0815')
  expect(facts).toContain('阿拉善盟检验检测中心')
  expect(facts).toContain(yearLater(today))
  // The unit only masked, and no login asked for.
  expect(facts).not.toContain(UNIT_NAME)
  await expect(visible(page, 'verify-unit').innerText()).resolves.toContain('*')
  expect(page.url()).toContain('#/verify')
  await stack.shot(page, '17-verify-valid')
  // The page's own path answers too, as does the plain link WeChat hands over in `q`.
  const query = verifyUrl.slice(verifyUrl.indexOf('?'))
  await page.goto(`${stack.baseUrl}/#/packages/verify/index${query}`)
  await page.reload()
  await until(() => visible(page, 'verify-word').innerText(), (t) => t.trim() === '真实有效')
  await page.goto(`${stack.baseUrl}/#/packages/verify/index?q=${encodeURIComponent(verifyUrl)}`)
  await page.reload()
  await until(() => visible(page, 'verify-no').innerText(), (t) => t.includes(certNo))
  expect(await page.evaluate(() => Object.keys((globalThis as unknown as { localStorage: Record<string, string> }).localStorage).filter((k) => k.includes('token')))).toEqual([])

  // A code whose signature was altered is not taken for genuine.
  await page.goto(verifyUrl.replace(/sig=([^&]+)/, (_, s: string) => `sig=${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`))
  await page.reload()
  await until(() => visible(page, 'verify-word').innerText(), (t) => t.trim() === '无法验证')
  await expect(page.locator('#verify-facts').count()).resolves.toBe(0)
  await stack.shot(page, '18-verify-forged')

  // The approver withdraws the certificate (issued in error): a reason is required, then asked
  // once more; the stranger's scan now says it is genuine but revoked.
  page = approver.page
  await page.goto(`${stack.baseUrl}/#/packages/certificates/detail/index?no=${encodeURIComponent(certNo)}`)
  await page.reload()
  await visible(page, 'cert-detail-revoke').tap()
  await visible(page, 'cert-revoke-confirm').tap()
  await expect(visible(page, 'cert-revoke-reason-error').innerText()).resolves.toContain('撤销原因')
  await visible(page, 'cert-revoke-reason-input').locator('textarea').fill('出厂编号录入错误，将重新出具')
  await stack.shot(page, '19-revoke-sheet')
  await visible(page, 'cert-revoke-confirm').tap()
  await confirmModal(page, '不能恢复')
  await visible(page, 'cert-detail-revoked').waitFor()
  await expect(visible(page, 'cert-detail-revoked').innerText()).resolves.toContain('出厂编号录入错误')
  page = stranger.page
  await page.goto(verifyUrl)
  await page.reload()
  await until(() => visible(page, 'verify-word').innerText(), (t) => t.includes('撤销'))

  for (const c of [unit, inst, checker, approver, stranger]) await c.context.close()
})

it('shows the regulator the division in figures and who to call about overdue instruments', async () => {
  // A petrol station whose dispenser ran out of date two years ago, registered as a device would.
  const token = await stack.token(`seed-overdue-${Date.now()}`)
  const call = (method: string, url: string, body: unknown) =>
    fetch(`${stack.baseUrl}/api/v1${url}`, { method, headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const org = await call('POST', '/orgs', {
    name: '阿拉善左旗腾格里加油站',
    uscc: '12152900461375200Q',
    regionCode: '152921',
    address: '巴彦浩特镇腾格里路1号',
    contactName: '李建华',
    contactPhone: '13904830003',
  })
  expect(org.status).toBe(201)
  const created = await call('POST', '/instruments', {
    name: '电子计价秤',
    level1Code: '01',
    level2Code: '0101',
    serialNo: 'TGL-001',
    regionCode: '152921',
    location: '腾格里加油站便利店',
    usage: 'trade',
    validUntil: '2024-06-30',
  })
  expect(created.status).toBe(201)

  const { context, page } = await stack.phone()
  await stack.logIn(page, 'demo-regulator', '/pages/index/index')
  await visible(page, 'home-oversight').waitFor()
  await stack.shot(page, '20-regulator-home')
  await visible(page, 'home-oversight').tap()
  await until(() => visible(page, 'oversight-overdue').innerText(), (t) => /[1-9]/.test(t))
  await expect(visible(page, 'oversight-status').innerText()).resolves.toContain('在用')
  await stack.shot(page, '21-oversight')
  await visible(page, 'oversight-bookings').scrollIntoViewIfNeeded()
  await stack.shot(page, '21a-oversight-bars')

  await visible(page, 'oversight-to-overdue').tap()
  await visible(page, 'overdue-row-1').waitFor()
  await expect(visible(page, 'overdue-table').innerText()).resolves.toContain('阿拉善左旗')
  await stack.shot(page, '22-overdue-region')
  await visible(page, 'overdue-group-unit').tap()
  const row = page.locator('[id^="overdue-row-"]:visible', { hasText: '腾格里加油站' })
  await row.waitFor()
  await expect(row.innerText()).resolves.toContain('139 0483 0003')
  await stack.shot(page, '23-overdue-unit')
  const [download] = await Promise.all([page.waitForEvent('download'), visible(page, 'overdue-export').tap()])
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
  expect(fs.readFileSync((await download.path())!).subarray(0, 2).toString('latin1')).toBe('PK')
  await context.close()
})
