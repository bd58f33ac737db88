import Taro from '@tarojs/taro'
import { ROUTES } from '@/constants/routes'
import { toast } from './feedback'
import { go } from './nav'
import { isWeapp } from './platform'

/** A page parameter as text: decoded once where it came encoded, as it is where it did not. */
export function decodeParam(value: string | undefined): string {
  if (!value) return ''
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** The query of a URL (`?a=1&b=2`, also inside a `#/…` hash) as decoded pairs; weapp has no URLSearchParams. */
function queryOf(url: string): Record<string, string> {
  const q = url.slice(url.indexOf('?') + 1)
  const out: Record<string, string> = {}
  if (q === url) return out
  for (const part of q.split('&')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    try {
      out[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '))
    } catch {
      // A malformed pair is not ours.
    }
  }
  return out
}

/** The certificate number and signature a QR code's URL (`…/#/verify?no=…&sig=…`) carries. */
export function certificateRef(scanned: string | null | undefined): { no: string; sig: string } | null {
  if (!scanned) return null
  const q = queryOf(scanned.trim())
  return q.no && q.sig ? { no: q.no, sig: q.sig } : null
}

/** The in-app check page for a certificate's QR code, from its URL or anything a scan produced. */
export function verifyPageUrl(scanned: string | null | undefined): string | null {
  const ref = certificateRef(scanned)
  return ref ? `${ROUTES.verify}?no=${encodeURIComponent(ref.no)}&sig=${encodeURIComponent(ref.sig)}` : null
}

/** 证书查验: scan a certificate's QR code and open its check page (a phone browser's camera opens the link itself). */
export async function scanCertificate(): Promise<void> {
  if (!isWeapp) {
    toast('请用手机相机或微信“扫一扫”扫描证书上的二维码')
    return
  }
  let result: string
  try {
    result = (await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })).result
  } catch {
    // Cancelled: nothing to say.
    return
  }
  const url = verifyPageUrl(result)
  if (url) go(url)
  else toast('这不是强检通证书的二维码')
}
