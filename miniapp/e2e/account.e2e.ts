import { startStack, type Stack } from './harness'
import { signIn, typeInto, visible } from './steps'

/** A unit registers on the H5 build, sees itself on 我的, invites a colleague, who joins. */
let stack: Stack
beforeAll(async () => {
  stack = await startStack('account')
})
afterAll(() => stack?.stop())

it('registers a unit, shows it on 我的, and a colleague joins with the invitation', async () => {
  const admin = await stack.phone()
  let page = admin.page
  await stack.logIn(page, 'e2e-admin', '/packages/account/register/index')

  await visible(page, 'reg-name-input').waitFor()
  // Errors appear under a field as it is left.
  await typeInto(page, 'reg-uscc-input', '913406217489126320')
  await page.getByText('统一社会信用代码校验位不正确，请核对').waitFor()
  await stack.shot(page, '01-register-error')

  await typeInto(page, 'reg-name-input', '巴彦浩特新华农贸市场')
  await typeInto(page, 'reg-uscc-input', '91340621748912632N')
  await visible(page, 'reg-region').tap()
  for (const place of ['内蒙古自治区', '阿拉善盟', '阿拉善左旗']) {
    await page.getByText(place, { exact: true }).last().tap()
  }
  await typeInto(page, 'reg-address-input', '巴彦浩特镇新华街12号')
  await typeInto(page, 'reg-contactName-input', '王建国')
  await typeInto(page, 'reg-contactPhone-input', '13904830001')
  await stack.shot(page, '02-register-filled')
  await visible(page, 'register-submit').tap()

  await visible(page, 'mine-org').waitFor()
  await expect(visible(page, 'mine-org').innerText()).resolves.toContain('巴彦浩特新华农贸市场')
  await expect(visible(page, 'mine-org').innerText()).resolves.toContain('阿拉善左旗')
  await expect(visible(page, 'mine-user').innerText()).resolves.toContain('单位管理员')
  await stack.shot(page, '03-mine-admin')

  await visible(page, 'mine-invite').tap()
  await visible(page, 'invite-create').tap()
  await visible(page, 'invite-qr').waitFor()
  const code = (await visible(page, 'invite-code').innerText()).replace(/\s/g, '').match(/[2-9A-Z]{8}/)?.[0]
  expect(code).toBeDefined()
  await stack.shot(page, '04-invite')

  const colleague = await stack.phone()
  page = colleague.page
  await page.goto(`${stack.baseUrl}/#/packages/account/join/index?code=${code}`)
  await visible(page, 'join-login').tap()
  await signIn(page, 'e2e-colleague')
  await visible(page, 'join-preview').waitFor()
  await expect(visible(page, 'join-preview').innerText()).resolves.toContain('巴彦浩特新华农贸市场')
  await stack.shot(page, '05-join-preview')
  await visible(page, 'join-submit').tap()
  await visible(page, 'mine-org').waitFor()
  await expect(visible(page, 'mine-org').innerText()).resolves.toContain('巴彦浩特新华农贸市场')
  await expect(visible(page, 'mine-user').innerText()).resolves.toContain('单位操作员')
  await stack.shot(page, '06-mine-colleague')

  page = admin.page
  await page.goto(`${stack.baseUrl}/#/pages/index/index`)
  await visible(page, 'home-consult').waitFor()
  await expect(visible(page, 'home-page').innerText()).resolves.toContain('强检器具台账维护')
  await stack.shot(page, '00-home')

  await page.goto(`${stack.baseUrl}/#/packages/account/members/index`)
  await page.getByText('单位操作员').first().waitFor()
  await stack.shot(page, '07-members')
  const me = await page.locator('body').innerText()
  expect(me).toContain('单位管理员')
  await admin.context.close()
  await colleague.context.close()
})
