import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { CATALOGUE_MODE_LABELS, CERTIFICATE_TYPE_LABELS, VERIFY_RESULT_LABELS, formatChinaDateTime } from '@qjt/shared'
import type { CertificateDoc, Signature } from './model'
import {
  BOTTOM,
  CONTENT_WIDTH,
  Flow,
  INK,
  LEFT,
  MARGIN,
  MUTED,
  PAGE,
  RED,
  RIGHT,
  dateZh,
  fitSize,
  fonts,
  hline,
  measure,
  put,
  table,
} from './pdf-layout'

/** Ideographic space: the gap Chinese print leaves between a label and what follows. */
const GAP = '\u3000'

/** Where page 1 carries the QR code (points from the top left) and the error correction it uses. */
export const QR_BOX = { x: RIGHT - 14 - 104, y: 664, size: 104 }
export const QR_LEVEL = 'M' as const

const EMPTY = '/'

/**
 * The certificate (or notice) as a PDF, from its stored snapshot alone: the same certificate
 * always gives the same bytes (dates in the file come from the certificate, not the clock), and
 * nothing read later — the ledger, the unit, the institution — can change what it says.
 */
export async function renderCertificatePdf(cert: CertificateDoc, verifyUrl: string): Promise<Buffer> {
  const qr = await QRCode.toBuffer(verifyUrl, { type: 'png', errorCorrectionLevel: QR_LEVEL, margin: 0, scale: 4 })
  const title = CERTIFICATE_TYPE_LABELS[cert.type]
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    bufferPages: true,
    autoFirstPage: false,
    info: {
      Title: `${title} ${cert.no}`,
      Author: cert.institution.name,
      Subject: `${cert.instrument.name} ${cert.instrument.serialNo}`,
      Creator: '强检通',
      Producer: '强检通',
      CreationDate: cert.issuedAt,
      ModDate: cert.revokedAt ?? cert.issuedAt,
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })
  const { R, B } = fonts()
  doc.registerFont('R', R)
  doc.registerFont('B', B)

  /** Page numbers are written last, once the count is known. */
  const numberSlots: ((page: number, pages: number) => void)[] = []
  doc.addPage({ size: 'A4', margin: 0 })
  cover(doc, cert, title, qr, verifyUrl, numberSlots)
  inner(doc, cert, numberSlots)

  const pages = doc.bufferedPageRange().count
  for (let i = 0; i < pages; i++) {
    doc.switchToPage(i)
    numberSlots[i]?.(i + 1, pages)
    if (cert.revokedAt) revokedMark(doc)
  }
  doc.end()
  await done
  return Buffer.concat(chunks)
}

type Slots = ((page: number, pages: number) => void)[]

function cover(doc: PDFKit.PDFDocument, c: CertificateDoc, title: string, qr: Buffer, url: string, slots: Slots) {
  const notice = c.type === 'notice'
  const banner = statusBanner(c)
  if (banner) put(doc, banner.text, LEFT, 30, { size: 9, color: banner.color, width: CONTENT_WIDTH, align: 'center' })
  put(doc, c.institution.name, LEFT, 58, { font: 'B', size: fitSize(doc, c.institution.name, CONTENT_WIDTH, 15, 'B'), width: CONTENT_WIDTH, align: 'center' })
  const spacing = notice ? 6 : 16
  // Character spacing also follows the last character: shift by half of it to stay centred.
  put(doc, title, LEFT + spacing / 2, 90, { font: 'B', size: notice ? 28 : 32, width: CONTENT_WIDTH, align: 'center', characterSpacing: spacing })
  put(doc, notice ? 'Notification of Verification Result' : 'Verification Certificate', LEFT, 138, { size: 10, color: MUTED, width: CONTENT_WIDTH, align: 'center' })

  put(doc, `证书编号：${c.no}`, LEFT, 172, { size: 11 })
  slots[0] = (page, pages) => put(doc, `第 ${page} 页${GAP}共 ${pages} 页`, LEFT, 172, { size: 11, width: CONTENT_WIDTH, align: 'right' })
  hline(doc, LEFT, RIGHT, 194, 1)

  let y = 212
  const fields: [string, string, boolean?][] = [
    ['送检单位', c.unit.name],
    ['器具名称', c.instrument.name],
    ['型号规格', c.instrument.model || EMPTY],
    ['出厂编号', c.instrument.serialNo],
    ['制造单位', c.instrument.manufacturer || EMPTY],
    [notice ? '检定结果' : '检定结论', c.conclusionText || VERIFY_RESULT_LABELS[c.conclusion], true],
  ]
  for (const [name, value, strong] of fields) {
    y += field(doc, name, value, y, strong)
  }

  y += 8
  for (const [name, value] of dateLines(c)) y += field(doc, name, value, y)

  y += 10
  for (const [name, s] of [
    ['批准人', c.approver],
    ['核验员', c.checker],
    ['检定员', c.verifier],
  ] as const) {
    signatureLine(doc, name, s, y)
    y += 30
  }
  if (notice) {
    put(doc, '处理意见：该器具检定不合格，不得继续使用，请修理或更换后重新申请检定。', LEFT + 24, y + 6, {
      size: 10.5,
      width: CONTENT_WIDTH - 48,
    })
  }

  institutionBox(doc, c, qr)
  // The URL the QR code encodes, on one line, for readers who cannot scan.
  put(doc, url, LEFT, QR_BOX.y + QR_BOX.size + 31, { size: fitSize(doc, url, CONTENT_WIDTH, 6.5, 'R', 4.5), color: MUTED, width: CONTENT_WIDTH, align: 'center' })
  put(doc, `注：本${notice ? '通知书' : '证书'}以电子签名签发，扫描二维码可查验真伪与状态；未经本机构书面批准，不得部分复制。`, LEFT, PAGE.height - 28, {
    size: 8,
    color: MUTED,
    width: CONTENT_WIDTH,
    align: 'center',
  })
}

/** One labelled line of the cover, the value on an underline; long values shrink, then wrap. */
function field(doc: PDFKit.PDFDocument, name: string, value: string, y: number, strong = false): number {
  const x = LEFT + 120
  const width = RIGHT - 24 - x
  label(doc, name, y + 3)
  const size = fitSize(doc, value, width, strong ? 16 : 13, strong ? 'B' : 'R', 10)
  const height = Math.max(22, put(doc, value, x, strong ? y : y + 1, { font: strong ? 'B' : 'R', size, width }))
  hline(doc, x - 4, RIGHT - 24, y + height + 1, 0.4, '#999999')
  return height + 10
}

/** A cover label spread to the width of four characters (批 准 人 lines up with 送检单位), then its colon. */
function label(doc: PDFKit.PDFDocument, name: string, y: number) {
  const size = 12
  const n = [...name].length
  const characterSpacing = n > 1 && n < 4 ? ((4 - n) * size) / (n - 1) : 0
  put(doc, name, LEFT + 24, y, { size, color: MUTED, characterSpacing })
  put(doc, '：', LEFT + 24 + 4 * size, y, { size, color: MUTED })
}

/** 检定日期 and what the certificate says about how long it holds. */
function dateLines(c: CertificateDoc): [string, string][] {
  const lines: [string, string][] = [['检定日期', dateZh(c.verifiedAt)]]
  if (c.type === 'notice') return lines
  if (c.validUntil) lines.push(['有效期至', dateZh(c.validUntil)])
  if (c.mode === 'initial_only_rotate') {
    lines.push(['使用规定', CATALOGUE_MODE_LABELS.initial_only_rotate])
    if (c.replaceBy) lines.push(['到期轮换', `${dateZh(c.replaceBy)}前更换`])
  } else if (c.mode === 'initial_only_scrap') {
    lines.push(['使用规定', CATALOGUE_MODE_LABELS.initial_only_scrap])
  }
  return lines
}

/** An electronic signature: the name as signed, with when. */
function signatureLine(doc: PDFKit.PDFDocument, name: string, s: Signature, y: number) {
  label(doc, name, y + 4)
  doc.font('B').fontSize(13)
  const nameWidth = Math.max(64, doc.widthOfString(s.name) + 20)
  doc.save().lineWidth(0.8).strokeColor('#1f3f8f').roundedRect(LEFT + 116, y, nameWidth, 24, 3).stroke().restore()
  put(doc, s.name, LEFT + 116, y + 3, { font: 'B', size: 13, color: '#1f3f8f', width: nameWidth, align: 'center' })
  put(doc, `电子签名${GAP}${formatChinaDateTime(s.at)}`, LEFT + 116 + nameWidth + 12, y + 6, { size: 9.5, color: MUTED })
}

/** The issuing institution's particulars and the QR code, boxed at the foot of the cover. */
function institutionBox(doc: PDFKit.PDFDocument, c: CertificateDoc, qr: Buffer) {
  const top = QR_BOX.y - 14
  const height = QR_BOX.size + 40
  doc.save().lineWidth(0.8).strokeColor('#777777').rect(LEFT, top, CONTENT_WIDTH, height).stroke().restore()
  const lines: [string, string][] = [
    ['检定机构', c.institution.name],
    ['计量授权证书号', c.institution.authorizationNo || EMPTY],
    ['地址', c.institution.address || EMPTY],
    ['电话', c.institution.phone || EMPTY],
  ]
  const width = QR_BOX.x - 24 - (LEFT + 14)
  let y = top + 14
  for (const [name, value] of lines) {
    y += put(doc, `${name}：${value}`, LEFT + 14, y, { size: 10.5, width }) + 7
  }
  doc.image(qr, QR_BOX.x, QR_BOX.y, { width: QR_BOX.size, height: QR_BOX.size })
  put(doc, '扫码查验真伪', QR_BOX.x, QR_BOX.y + QR_BOX.size + 6, { size: 8.5, color: MUTED, width: QR_BOX.size, align: 'center' })
}

/** Revoked or replaced: said at the top of the cover, from the stored facts. */
function statusBanner(c: CertificateDoc): { text: string; color: string } | null {
  if (c.revokedAt) return { text: `本${CERTIFICATE_TYPE_LABELS[c.type]}已于 ${formatChinaDateTime(c.revokedAt)} 撤销${c.revokeReason ? `：${c.revokeReason}` : ''}`, color: RED }
  if (c.supersededBy) return { text: `本${CERTIFICATE_TYPE_LABELS[c.type]}已被 ${c.supersededBy} 替代`, color: MUTED }
  return null
}

function revokedMark(doc: PDFKit.PDFDocument) {
  doc.save()
  doc.rotate(-30, { origin: [PAGE.width / 2, PAGE.height / 2] })
  doc.font('B').fontSize(110).fillColor(RED).fillOpacity(0.14)
  doc.text('已撤销', 0, PAGE.height / 2 - 80, { width: PAGE.width, align: 'center', lineBreak: false })
  doc.restore()
}

/** The inner pages: regulation, standards, place and environment, the results, the end mark. */
function inner(doc: PDFKit.PDFDocument, c: CertificateDoc, slots: Slots) {
  const newPage = () => {
    doc.addPage({ size: 'A4', margin: 0 })
    const index = doc.bufferedPageRange().count - 1
    put(doc, c.institution.name, LEFT, MARGIN.top - 6, { size: 9, color: MUTED })
    slots[index] = (page, pages) => put(doc, `证书编号：${c.no}${GAP}${GAP}第 ${page} 页${GAP}共 ${pages} 页`, LEFT, MARGIN.top - 6, { size: 9, width: CONTENT_WIDTH, align: 'right' })
    hline(doc, LEFT, RIGHT, MARGIN.top + 12, 0.8)
    return MARGIN.top + 24
  }
  const flow = new Flow(newPage(), newPage)
  const heading = (text: string) => {
    flow.need(60)
    flow.y += 6
    flow.y += put(doc, text, LEFT, flow.y, { font: 'B', size: 12 }) + 6
  }
  const paragraph = (text: string, size = 10.5) => {
    flow.need(measure(doc, text, CONTENT_WIDTH - 14, { size }) + 4)
    flow.y += put(doc, text, LEFT + 14, flow.y, { size, width: CONTENT_WIDTH - 14 }) + 4
  }

  flow.y += put(doc, c.type === 'notice' ? '检定结果（不合格）' : '检定结果', LEFT, flow.y, { font: 'B', size: 15, width: CONTENT_WIDTH, align: 'center' }) + 8

  heading('一、检定依据')
  paragraph(c.regulation)

  heading('二、使用的计量标准器')
  if (c.standards.length === 0) paragraph(EMPTY)
  else
    table(
      doc,
      flow,
      [
        { header: '名称', width: 220, align: 'left' },
        { header: '证书编号', width: 150 },
        { header: '有效期至', width: 100 },
      ],
      c.standards.map((s) => [s.name, s.certificateNo, s.validUntil]),
    )
  flow.y += 4

  heading('三、检定地点及环境条件')
  paragraph(`检定地点：${c.place}`)
  const env = `环境条件：温度 ${c.environment.temperature} ℃，相对湿度 ${c.environment.humidity} %`
  paragraph(c.environment.other ? `${env}，${c.environment.other}` : env)

  heading('四、检定结果')
  paragraph(`外观检查：${c.inspection?.passed === false ? `不合格${c.inspection.reason ? `（${c.inspection.reason}）` : ''}` : '合格'}`)
  if (c.points.length > 0) {
    table(
      doc,
      flow,
      [
        { header: '检定项目', width: 110 },
        { header: '标称值', width: 80 },
        { header: '示值', width: 80 },
        { header: '误差', width: 75 },
        { header: '最大允许误差', width: 90 },
        { header: '结论', width: 55 },
      ],
      c.points.map((p) => [
        p.item || '示值误差',
        `${p.nominal} ${p.unit}`,
        `${p.indication} ${p.unit}`,
        `${p.error} ${p.unit}`,
        `±${p.mpe} ${p.unit}`,
        p.passed ? '合格' : '不合格',
      ]),
    )
    flow.y += 4
  }
  paragraph(`检定结论：${c.conclusionText || VERIFY_RESULT_LABELS[c.conclusion]}`)

  if (c.type === 'notice') {
    heading('五、不合格项')
    const items = c.failures.length > 0 ? c.failures : ['见检定结果']
    items.forEach((f, i) => paragraph(`${i + 1}. ${f}`))
  }

  flow.need(30)
  flow.y += 14
  put(doc, '（以下空白）', LEFT, Math.min(flow.y, BOTTOM - 16), { size: 10.5, color: INK, width: CONTENT_WIDTH, align: 'center' })
}
