import type { Page } from 'playwright-core'

/** What a person does on the H5 build, shared by the browser tests. */

/** The element with this id that is on screen (Taro keeps earlier pages in the DOM, hidden). */
export const visible = (page: Page, id: string) => page.locator(`#${id}:visible`)

/** Types into a form field's input and leaves it, as a person does before the next field. */
export async function typeInto(page: Page, id: string, text: string) {
  const input = visible(page, id).locator('input')
  await input.fill(text)
  await input.blur()
}

/** Polls until `read()` satisfies `ok` (pages reload after each step), failing with the last value. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs
  let last = await read()
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`Still ${JSON.stringify(last)} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 150))
    last = await read()
  }
  return last
}

/** Confirms Taro's H5 modal (the stand-in for wx.showModal). */
export async function confirmModal(page: Page, expectText: string) {
  const modal = page.locator('.taro-modal__content:visible')
  await modal.waitFor()
  await expect(modal.innerText()).resolves.toContain(expectText)
  await modal.locator('.taro-model__confirm').click()
}

/** Fills in the development login page that is on screen. */
export async function signIn(page: Page, openid: string) {
  await typeInto(page, 'login-openid-input', openid)
  await visible(page, 'login-submit').tap()
}
