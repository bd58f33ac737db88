import fs from 'node:fs'

/** A4 in points, and the printable area every page keeps to. */
export const PAGE = { width: 595.28, height: 841.89 }
export const MARGIN = { left: 56.7, right: 56.7, top: 40, bottom: 48 }
export const LEFT = MARGIN.left
export const RIGHT = PAGE.width - MARGIN.right
export const CONTENT_WIDTH = RIGHT - LEFT
export const BOTTOM = PAGE.height - MARGIN.bottom

export const INK = '#1a1a1a'
export const MUTED = '#555555'
export const RULE = '#333333'
export const RED = '#c62828'

const FONT_FILES = {
  R: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  B: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const
export type FontName = keyof typeof FONT_FILES

let fontData: Record<FontName, Buffer> | null = null

/** The two full Noto Sans SC fonts, read once (about 10 MB each); pdfkit embeds only the glyphs a PDF uses. */
export function fonts(): Record<FontName, Buffer> {
  fontData ??= { R: fs.readFileSync(require.resolve(FONT_FILES.R)), B: fs.readFileSync(require.resolve(FONT_FILES.B)) }
  return fontData
}

export interface TextStyle {
  font?: FontName
  size?: number
  color?: string
  align?: 'left' | 'center' | 'right'
  width?: number
  characterSpacing?: number
}

/** Draws text at a fixed place (never letting pdfkit flow it onto a new page); returns its height. */
export function put(doc: PDFKit.PDFDocument, text: string, x: number, y: number, style: TextStyle = {}): number {
  const { font = 'R', size = 11, color = INK, align = 'left', width, characterSpacing = 0 } = style
  doc.font(font).fontSize(size).fillColor(color)
  const options = { width, align, characterSpacing, lineGap: 1, lineBreak: width !== undefined }
  const height = doc.heightOfString(text, options)
  doc.text(text, x, y, options)
  return height
}

/** The height `text` would take in `width`. */
export function measure(doc: PDFKit.PDFDocument, text: string, width: number, style: { font?: FontName; size?: number } = {}): number {
  doc.font(style.font ?? 'R').fontSize(style.size ?? 11)
  return doc.heightOfString(text, { width, lineGap: 1 })
}

/** The largest size ≤ `size` (down to `min`) at which `text` fits on one line of `width`. */
export function fitSize(doc: PDFKit.PDFDocument, text: string, width: number, size: number, font: FontName = 'R', min = 8): number {
  doc.font(font)
  for (let s = size; s > min; s -= 0.5) if (doc.fontSize(s).widthOfString(text) <= width) return s
  return min
}

export function hline(doc: PDFKit.PDFDocument, x1: number, x2: number, y: number, width = 0.6, color = RULE) {
  doc.save().lineWidth(width).strokeColor(color).moveTo(x1, y).lineTo(x2, y).stroke().restore()
}

/** Content flowing down inner pages: asks for a fresh page when the next block does not fit. */
export class Flow {
  constructor(
    public y: number,
    private readonly nextPage: () => number,
  ) {}

  /** Makes room for `height`; true when that took a new page. */
  need(height: number): boolean {
    if (this.y + height <= BOTTOM) return false
    this.y = this.nextPage()
    return true
  }
}

export interface Column {
  header: string
  width: number
  align?: 'left' | 'center' | 'right'
}

const PAD_X = 4
const PAD_Y = 4

/** A bordered table that breaks across pages, its header repeated on each. */
export function table(doc: PDFKit.PDFDocument, flow: Flow, columns: Column[], rows: string[][], size = 9.5) {
  const total = columns.reduce((s, c) => s + c.width, 0)
  const scale = CONTENT_WIDTH / total
  const cols = columns.map((c) => ({ ...c, width: c.width * scale }))
  const heightOf = (cells: string[], font: FontName) =>
    Math.max(...cells.map((cell, i) => measure(doc, cell, cols[i]!.width - 2 * PAD_X, { font, size }))) + 2 * PAD_Y

  const drawRow = (cells: string[], font: FontName, shade: boolean) => {
    const h = heightOf(cells, font)
    let x = LEFT
    if (shade) doc.save().rect(LEFT, flow.y, CONTENT_WIDTH, h).fill('#eeeeee').restore()
    for (const [i, col] of cols.entries()) {
      doc.save().lineWidth(0.5).strokeColor(RULE).rect(x, flow.y, col.width, h).stroke().restore()
      put(doc, cells[i] ?? '', x + PAD_X, flow.y + PAD_Y, { font, size, width: col.width - 2 * PAD_X, align: col.align ?? 'center' })
      x += col.width
    }
    flow.y += h
  }

  const header = cols.map((c) => c.header)
  flow.need(heightOf(header, 'B') + heightOf(rows[0] ?? header, 'R'))
  drawRow(header, 'B', true)
  for (const row of rows) {
    if (flow.need(heightOf(row, 'R'))) drawRow(header, 'B', true)
    drawRow(row, 'R', false)
  }
}

/** `2026-11-27` → `2026年11月27日`, as dates are printed on certificates. */
export function dateZh(date: string): string {
  const [y, m, d] = date.split('-')
  return `${y}年${m}月${d}日`
}
