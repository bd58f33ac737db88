import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { startStack, type Stack } from './harness'
import { confirmModal, typeInto, until, visible } from './steps'

/**
 * A market's unit admin keeps the ledger on the H5 build: adds a scale through the form, finds it
 * with the search box and a filter, disables two at once, exports the ledger and imports a file
 * with one bad row.
 */
let stack: Stack
beforeAll(async () => {
  stack = await startStack('ledger')
})
afterAll(() => stack?.stop())

const cards = (page: Page) => page.locator('[id^="ledger-card-"]:visible')

const cardCount = (page: Page, n: number) => until(() => cards(page).count(), (c) => c === n)

it('adds, finds, disables, exports and imports instruments', async () => {
  const token = await stack.token('demo-unit')
  const { context, page } = await stack.phone()
  await stack.logIn(page, 'demo-unit', '/pages/ledger/index')

  // An empty ledger says what to do next.
  await visible(page, 'ledger-empty').waitFor()
  await expect(visible(page, 'ledger-empty').innerText()).resolves.toContain('还没有器具，去新增')
  await stack.shot(page, '01-empty')
  await visible(page, 'ledger-empty-action').tap()

  // The form: errors under the fields, the unit's county preset, pickers for the rest.
  await visible(page, 'ledger-form-name-input').waitFor()
  await expect(visible(page, 'ledger-form-regionCode-input').innerText()).resolves.toContain('阿拉善左旗')
  await visible(page, 'ledger-form-submit').tap()
  await visible(page, 'ledger-form-name-error').waitFor()
  await expect(visible(page, 'ledger-form-usage-error').innerText()).resolves.toContain('器具用途')
  await stack.shot(page, '02-form-errors')

  await typeInto(page, 'ledger-form-name-input', '电子计价秤')
  await visible(page, 'ledger-form-level2Code-input').tap()
  await page.locator('.nut-cascader-item:visible').getByText('非自动衡器', { exact: true }).first().tap()
  await page.locator('.nut-cascader-item:visible').getByText('非自动衡器（0101）', { exact: true }).tap()
  await expect(visible(page, 'ledger-form-level2Code-input').innerText()).resolves.toContain('0101')
  await typeInto(page, 'ledger-form-model-input', 'ACS-30')
  await typeInto(page, 'ledger-form-serialNo-input', 'JS-001')
  await visible(page, 'ledger-form-usage-input-trade').tap()
  await typeInto(page, 'ledger-form-location-input', '巴彦浩特示例农贸市场 12号摊位')
  expect(await page.locator('#ledger-form-name-error').count()).toBe(0)
  await stack.shot(page, '03-form-filled')
  await visible(page, 'ledger-form-submit').tap()

  // Saved: the detail page shows it with its generated code and its history.
  await visible(page, 'ledger-detail-head').waitFor()
  const head = await visible(page, 'ledger-detail-head').innerText()
  expect(head).toContain('电子计价秤')
  expect(head).toMatch(/器具编码 152921\d{10}/)
  await expect(visible(page, 'ledger-detail-audit').innerText()).resolves.toContain('新增')
  await expect(visible(page, 'ledger-detail-verifications').innerText()).resolves.toContain('暂无检定记录')
  await stack.shot(page, '04-detail')

  // A second scale, registered through the API as another device would.
  const second = await stack.api<{ id: string; code: string }>(token, 'POST', '/instruments', {
    name: '电子台秤',
    level1Code: '01',
    level2Code: '0101',
    serialNo: 'TC-001',
    regionCode: '152921',
    location: '巴彦浩特示例农贸市场 3号摊位',
    usage: 'trade',
    validUntil: '2020-01-31',
  })
  expect(second.status).toBe(201)

  await page.goto(`${stack.baseUrl}/#/pages/ledger/index`)
  await cardCount(page, 2)
  await expect(visible(page, `ledger-card-${second.data.id}`).innerText()).resolves.toContain('已逾期')
  await stack.shot(page, '05-list')

  // The search box finds by name; a filter narrows further and shows as a removable chip.
  await typeInto(page, 'ledger-search-input', '计价')
  await visible(page, 'ledger-search-submit').tap()
  await cardCount(page, 1)
  await expect(cards(page).first().innerText()).resolves.toContain('电子计价秤')
  await visible(page, 'ledger-filter-open').tap()
  await visible(page, 'ledger-filter-status-new').tap()
  // Dates come from wheels; an optional one can be cleared again.
  await visible(page, 'ledger-filter-from').tap()
  await page.locator('.nut-picker-confirm-btn:visible').tap()
  await until(() => visible(page, 'ledger-filter-from').innerText(), (t) => /^\d{4}-\d{2}-\d{2}$/.test(t.trim()))
  await stack.shot(page, '06a-filter-sheet')
  await visible(page, 'ledger-filter-from-clear').tap()
  await until(() => visible(page, 'ledger-filter-from').innerText(), (t) => t.includes('开始日期'))
  await visible(page, 'ledger-filter-apply').tap()
  await visible(page, 'ledger-chip-status').waitFor()
  await expect(visible(page, 'ledger-chip-status').innerText()).resolves.toContain('器具状态：新增')
  await cardCount(page, 1)
  await stack.shot(page, '06-search-filter')
  await visible(page, 'ledger-chips-clear').tap()
  await cardCount(page, 2)

  // The quick 已逾期 chip shows only the overdue one.
  await visible(page, 'ledger-quick-overdue').tap()
  await cardCount(page, 1)
  await expect(cards(page).first().innerText()).resolves.toContain('电子台秤')
  await visible(page, 'ledger-quick-overdue').tap()
  await cardCount(page, 2)

  // Select both, disable them after confirming, read the summary.
  await visible(page, 'ledger-action-select').tap()
  await cards(page).nth(0).tap()
  await cards(page).nth(1).tap()
  await expect(visible(page, 'ledger-batch-count').innerText()).resolves.toContain('2')
  await stack.shot(page, '07-select')
  await visible(page, 'ledger-batch-disable').tap()
  await confirmModal(page, '停用后')
  await visible(page, 'ledger-batch-result').waitFor()
  await expect(visible(page, 'ledger-batch-result').innerText()).resolves.toContain('完成 2 项')
  await stack.shot(page, '08-batch-result')
  await visible(page, 'ledger-batch-result-close').tap()
  await until(() => page.locator('[id^="ledger-card-"]:visible .status-tag').allInnerTexts(), (tags) => tags.filter((t) => t === '停用').length === 2)
  const list = await stack.api<{ items: { status: string }[] }>(token, 'GET', '/instruments?status=disabled')
  expect(list.data.items).toHaveLength(2)

  // Export: the browser receives a real .xlsx (a zip: it starts with PK).
  const [download] = await Promise.all([page.waitForEvent('download'), visible(page, 'ledger-action-export').tap()])
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
  const exported = fs.readFileSync((await download.path())!)
  expect(exported.length).toBeGreaterThan(100)
  expect(exported.subarray(0, 2).toString('latin1')).toBe('PK')

  // Import: the template's own columns, one good row and one bad one.
  const template = await stack.api<null>(token, 'GET', '/instruments/import-template')
  expect(template.status).toBe(200)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(template.raw as unknown as ArrayBuffer)
  const sheet = book.getWorksheet('台账') ?? book.worksheets[0]!
  const headers: string[] = []
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    headers[col - 1] = String(cell.text ?? '').replace(/^\*/, '').trim()
  })
  const rowOf = (values: Record<string, string>) => headers.map((h) => values[h] ?? '')
  const good = {
    器具名称: '电子计价秤',
    一级目录: '01 非自动衡器',
    二级目录: '0101 非自动衡器',
    出厂编号: 'IMP-001',
    使用地点行政区划: '152921 阿拉善左旗',
    '安装/使用地点': '巴彦浩特示例农贸市场 20号摊位',
    器具用途: '贸易结算',
  }
  const upload = new ExcelJS.Workbook()
  const out = upload.addWorksheet(sheet.name)
  out.addRow(headers)
  out.addRow(rowOf(good))
  out.addRow(rowOf({ ...good, 器具名称: '', 出厂编号: 'IMP-002', 器具用途: '自用' }))
  const file = path.join(os.tmpdir(), `qjt-ledger-import-${Date.now()}.xlsx`)
  await upload.xlsx.writeFile(file)

  await visible(page, 'ledger-action-import').tap()
  await visible(page, 'ledger-import-choose').waitFor()
  await stack.shot(page, '09-import')
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), visible(page, 'ledger-import-choose').tap()])
  await chooser.setFiles(file)
  await visible(page, 'ledger-import-start').tap()
  await visible(page, 'ledger-import-report').waitFor({ timeout: 30_000 })
  await expect(visible(page, 'ledger-import-created').innerText()).resolves.toContain('1')
  const failed = await visible(page, 'ledger-import-failed').innerText()
  expect(failed).toContain('第3行')
  expect(failed).toContain('器具名称')
  await stack.shot(page, '10-import-report')
  fs.rmSync(file, { force: true })

  await visible(page, 'ledger-import-to-ledger').tap()
  await cardCount(page, 3)

  // A batch where some are refused says which and why.
  await visible(page, 'ledger-action-select').tap()
  await visible(page, 'ledger-select-all').tap()
  await expect(visible(page, 'ledger-batch-count').innerText()).resolves.toContain('3')
  await visible(page, 'ledger-batch-disable').tap()
  await confirmModal(page, '停用后')
  await visible(page, 'ledger-batch-result').waitFor()
  const mixed = await visible(page, 'ledger-batch-result').innerText()
  expect(mixed).toContain('完成 1 项，2 项未处理')
  expect(mixed).toContain(second.data.code)
  expect(mixed).toContain('器具已是停用状态')
  await stack.shot(page, '11-batch-refused')
  await visible(page, 'ledger-batch-result-close').tap()
  await visible(page, 'ledger-select-exit').tap()

  // Someone else saves first: the edit says so, keeps what was typed, and offers to reload.
  await visible(page, `ledger-card-${second.data.id}`).tap()
  await visible(page, 'ledger-detail-edit').tap()
  await visible(page, 'ledger-form-name-input').waitFor()
  await typeInto(page, 'ledger-form-name-input', '电子台秤（3号摊）')
  const current = await stack.api<{ version: number }>(token, 'GET', `/instruments/${second.data.id}`)
  const other = await stack.api(token, 'PATCH', `/instruments/${second.data.id}`, { name: '电子台秤（同事改的）', version: current.data.version })
  expect(other.status).toBe(200)
  await visible(page, 'ledger-form-submit').tap()
  await visible(page, 'ledger-form-stale').waitFor()
  await expect(visible(page, 'ledger-form-stale').innerText()).resolves.toContain('数据已被他人修改')
  await expect(visible(page, 'ledger-form-name-input').locator('input').inputValue()).resolves.toBe('电子台秤（3号摊）')
  await stack.shot(page, '12-stale')
  await visible(page, 'ledger-form-stale-reload').tap()
  await until(() => visible(page, 'ledger-form-name-input').locator('input').inputValue(), (v) => v === '电子台秤（同事改的）')
  await page.goBack()

  // The history names who did what, field by field.
  await visible(page, 'ledger-detail-audit').waitFor()
  await until(() => visible(page, 'ledger-detail-audit').innerText(), (t) => t.includes('电子台秤 → 电子台秤（同事改的）'))
  const history = await visible(page, 'ledger-detail-audit').innerText()
  expect(history).toContain('停用')
  expect(history).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  await visible(page, 'ledger-detail-audit').scrollIntoViewIfNeeded()
  await stack.shot(page, '13-detail-history')
  await context.close()
})

it('adds a batch with a serial preview, keeps a draft across a back, and copies one', async () => {
  const { context, page } = await stack.phone()
  await stack.logIn(page, 'demo-unit', '/pages/ledger/index')

  // A half-filled form survives an accidental back.
  await visible(page, 'ledger-action-bulk').tap()
  await visible(page, 'ledger-bulk-name-input').waitFor()
  await typeInto(page, 'ledger-bulk-name-input', '电子计价秤')
  await page.goBack()
  await visible(page, 'ledger-action-bulk').tap()
  await visible(page, 'ledger-bulk-restored').waitFor()
  // The page left by 返回 slides out for a moment before it is gone.
  await page.waitForTimeout(600)
  await expect(visible(page, 'ledger-bulk-name-input').locator('input').inputValue()).resolves.toBe('电子计价秤')

  await visible(page, 'ledger-bulk-level2Code-input').tap()
  await page.locator('.nut-cascader-item:visible').getByText('非自动衡器', { exact: true }).first().tap()
  await page.locator('.nut-cascader-item:visible').getByText('非自动衡器（0101）', { exact: true }).tap()
  await typeInto(page, 'ledger-bulk-firstSerialNo-input', 'PC-001')
  await typeInto(page, 'ledger-bulk-count-input', '5')
  await expect(visible(page, 'ledger-bulk-preview').innerText()).resolves.toContain('PC-001、PC-002、PC-003 … PC-005')
  await visible(page, 'ledger-bulk-usage-input-trade').tap()
  await typeInto(page, 'ledger-bulk-location-input', '巴彦浩特示例农贸市场 东区')
  await visible(page, 'ledger-bulk-firstSerialNo-input').scrollIntoViewIfNeeded()
  await stack.shot(page, '20-bulk')
  await expect(visible(page, 'ledger-bulk-submit').innerText()).resolves.toContain('新增 5 台')
  await visible(page, 'ledger-bulk-submit').tap()

  // Back on the ledger; the newest five are the batch.
  await visible(page, 'ledger-search-input').waitFor()
  await typeInto(page, 'ledger-search-input', '电子计价秤')
  await visible(page, 'ledger-search-submit').tap()
  await until(() => page.locator('#ledger-total:visible').innerText(), (t) => /找到 \d+ 台器具/.test(t) && Number(/\d+/.exec(t)![0]) >= 5)
  const last = cards(page).filter({ hasText: 'PC-005' })
  await last.tap()

  // 复制: the form starts from the record with the serial counted on and no certificate.
  await visible(page, 'ledger-detail-copy').tap()
  await visible(page, 'ledger-form-serialNo-input').waitFor()
  await expect(visible(page, 'ledger-form-serialNo-input').locator('input').inputValue()).resolves.toBe('PC-006')
  await stack.shot(page, '21-copy')
  await visible(page, 'ledger-form-submit').tap()
  await visible(page, 'ledger-detail-head').waitFor()
  await until(() => visible(page, 'ledger-detail-head').innerText(), (t) => t.includes('电子计价秤'))
  await until(() => page.locator('#ledger-page, #ledger-detail-page').last().innerText(), (t) => t.includes('PC-006') && t.includes('复制新增'))
  await context.close()
})
