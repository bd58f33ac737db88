import Taro from '@tarojs/taro'
import { isH5 } from '@/utils/platform'
import { getMe } from './api/auth'
import { ApiError, CLIENT_MESSAGES, errorFromResponse } from './errors'
import { buildUrl, type Query } from './request'
import { getToken } from './token'

/** A file the user picked, as both platforms can upload it. */
export interface PickedFile {
  /** weapp: a temporary path; H5: a blob: URL. */
  path: string
  name: string
  size: number
  /** H5: the file itself, sent as it is. */
  blob?: Blob
}

export interface UploadProgress {
  percent: number
  sent: number
  total: number
}

export interface DownloadResult {
  fileName: string
  size: number
}

/** What a download is: how the phone opens it and what the browser is told it is. */
export type DownloadKind = 'xlsx' | 'pdf'

const MIME: Record<DownloadKind, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
}

const DOWNLOAD_TIMEOUT_MS = 60_000
// The server reads and checks every row before it answers, which takes a while for 10,000 rows.
const UPLOAD_TIMEOUT_MS = 180_000

function authHeader(): Record<string, string> {
  const token = getToken()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name)
  const value = key ? (headers as Record<string, unknown>)[key] : undefined
  return typeof value === 'string' ? value : undefined
}

/** The name the server gave the file (RFC 6266: `filename*` carries the Chinese one). */
export function fileNameFrom(disposition: string | undefined, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1]
  if (star) {
    try {
      return decodeURIComponent(star.trim().replace(/^"|"$/g, ''))
    } catch {
      // Fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition)?.[1]
  return plain?.trim() || fallback
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

const networkError = () => new ApiError({ status: 0, code: 'NETWORK_ERROR', message: CLIENT_MESSAGES.NETWORK_ERROR })

/**
 * Runs `attempt` and, when the token turned out stale, once more after the request client has
 * logged in again (weapp) — downloads and uploads bypass it, so they borrow its recovery.
 */
async function withRelogin<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt()
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err
    await getMe({ toast: false }).catch(() => {
      throw err
    })
    return attempt()
  }
}

async function downloadWeapp(url: string, fallbackName: string, kind: DownloadKind): Promise<DownloadResult> {
  let res: Taro.downloadFile.FileSuccessCallbackResult
  try {
    res = await Taro.downloadFile({ url, header: authHeader(), timeout: DOWNLOAD_TIMEOUT_MS })
  } catch {
    throw networkError()
  }
  const fs = Taro.getFileSystemManager()
  if (res.statusCode < 200 || res.statusCode >= 300) {
    let body: unknown = null
    try {
      body = parseJson(String(fs.readFileSync(res.tempFilePath, 'utf8')))
    } catch {
      // An unreadable error body still has its status.
    }
    throw errorFromResponse(res.statusCode, body)
  }
  const fileName = fileNameFrom(headerValue(res.header, 'content-disposition'), fallbackName)
  // Saved under its own name, so a file forwarded from the document viewer is recognisable.
  let filePath = res.tempFilePath
  try {
    const target = `${Taro.env.USER_DATA_PATH}/${fileName.replace(/[\\/:*?"<>|]/g, '_')}`
    fs.copyFileSync(res.tempFilePath, target)
    filePath = target
  } catch {
    // The temporary file opens just as well.
  }
  await Taro.openDocument({ filePath, fileType: kind, showMenu: true })
  return { fileName, size: res.dataLength ?? 0 }
}

async function downloadH5(url: string, fallbackName: string, kind: DownloadKind): Promise<DownloadResult> {
  let res: Taro.request.SuccessCallbackResult<ArrayBuffer>
  try {
    res = await Taro.request<ArrayBuffer>({
      url,
      method: 'GET',
      header: authHeader(),
      responseType: 'arraybuffer',
      timeout: DOWNLOAD_TIMEOUT_MS,
    })
  } catch {
    throw networkError()
  }
  const data = res.data instanceof ArrayBuffer ? res.data : new ArrayBuffer(0)
  if (res.statusCode < 200 || res.statusCode >= 300) {
    throw errorFromResponse(res.statusCode, parseJson(new TextDecoder().decode(data)))
  }
  const fileName = fileNameFrom(headerValue(res.header, 'content-disposition'), fallbackName)
  const blobUrl = URL.createObjectURL(new Blob([data], { type: MIME[kind] }))
  const a = document.createElement('a')
  a.href = blobUrl
  a.download = fileName
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // The browser has taken the file by the next tick; keep the URL a little longer to be safe.
  setTimeout(() => URL.revokeObjectURL(blobUrl), 30_000)
  return { fileName, size: data.byteLength }
}

/**
 * Downloads a file from the API with the user's token and hands it to the platform: weapp opens
 * it in the document viewer (with the menu, to forward it), the browser saves it.
 */
export function downloadFile(path: string, query: Query, fallbackName: string, kind: DownloadKind = 'xlsx'): Promise<DownloadResult> {
  const url = buildUrl(path, query)
  return withRelogin(() => (isH5 ? downloadH5(url, fallbackName, kind) : downloadWeapp(url, fallbackName, kind)))
}

function answer<T>(status: number, text: unknown): T {
  const body = typeof text === 'string' ? parseJson(text) : text
  if (status >= 200 && status < 300) {
    if (body === null || body === undefined) throw new ApiError({ status, code: 'BAD_RESPONSE', message: CLIENT_MESSAGES.BAD_RESPONSE })
    return body as T
  }
  throw errorFromResponse(status, body)
}

/**
 * H5: the browser's own upload. Taro's H5 uploadFile first re-reads the file from its blob: URL,
 * which the server's content security policy (connect-src 'self') refuses — and then never settles.
 */
function uploadH5<T>(url: string, file: PickedFile & { blob: Blob }, onProgress: (p: UploadProgress) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    const form = new FormData()
    form.append('file', file.blob, file.name)
    xhr.open('POST', url)
    xhr.timeout = UPLOAD_TIMEOUT_MS
    for (const [k, v] of Object.entries(authHeader())) xhr.setRequestHeader(k, v)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ percent: Math.round((e.loaded / e.total) * 100), sent: e.loaded, total: e.total })
    }
    xhr.onload = () => {
      try {
        resolve(answer<T>(xhr.status, xhr.responseText))
      } catch (err) {
        reject(err)
      }
    }
    xhr.onerror = () => reject(networkError())
    xhr.ontimeout = () => reject(networkError())
    xhr.send(form)
  })
}

/** Uploads one file as the multipart field `file` and returns the API's JSON answer. */
export function uploadFile<T>(path: string, file: PickedFile, onProgress: (p: UploadProgress) => void): Promise<T> {
  const url = buildUrl(path)
  const blob = file.blob
  if (isH5 && blob) return withRelogin(() => uploadH5<T>(url, { ...file, blob }, onProgress))
  return withRelogin(async () => {
    const task = Taro.uploadFile({
      url,
      filePath: file.path,
      name: 'file',
      fileName: file.name,
      header: authHeader(),
      timeout: UPLOAD_TIMEOUT_MS,
    })
    task.progress((p) =>
      onProgress({ percent: p.progress, sent: p.totalBytesSent, total: p.totalBytesExpectedToSend }),
    )
    let res: Taro.uploadFile.SuccessCallbackResult
    try {
      res = await task
    } catch {
      throw networkError()
    }
    return answer<T>(res.statusCode, res.data)
  })
}
