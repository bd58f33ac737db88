/**
 * The PDF as a reader meets it: its text through pdftotext, page 1 as an image (kept in
 * test-artifacts/certificates/ to look at), and the printed QR code read back module by module.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { Types } from 'mongoose'
import QRCode from 'qrcode'
import { loadEnv } from '@qjt/config'
import type { CertificateDoc } from './model'
import { QR_BOX, QR_LEVEL, renderCertificatePdf } from './pdf'
import { CertificateSigner } from './signing'
import { certificateFacts } from './testing'

const ARTIFACTS = path.resolve(__dirname, '../../../../test-artifacts/certificates')
const signer = CertificateSigner.fromConfig(loadEnv({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'https://qjt.example.cn' }))

function issued(overrides: Parameters<typeof certificateFacts>[0] = {}): CertificateDoc {
  const facts = certificateFacts(overrides)
  return { ...facts, _id: new Types.ObjectId(), keyId: signer.keyId, version: 0, createdAt: facts.issuedAt, updatedAt: facts.issuedAt }
}

/**
 * Renders, keeps the PDF, and returns it with its text per page as pdftotext reads it, without
 * whitespace: how far apart pdftotext sets words is its business, not the certificate's.
 */
async function render(name: string, cert: CertificateDoc) {
  const pdf = await renderCertificatePdf(cert, signer.verifyUrl(cert))
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  const file = path.join(ARTIFACTS, `${name}.pdf`)
  fs.writeFileSync(file, pdf)
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  const pages = text.split('\f').filter((p) => p.trim()).map(flat)
  return { pdf, file, text: pages.join('\n'), pages }
}

const flat = (text: string) => text.replace(/\s+/g, '')

/** Page 1 as the PNG a person looks at (80 dpi, as asked for review). */
function snapshot(file: string, name: string) {
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, path.join(ARTIFACTS, name)])
  return path.join(ARTIFACTS, `${name}.png`)
}

/** Page 1 in grey at `dpi`, as raw pixels (pdftoppm's PGM: a short header, then one byte per pixel). */
function grey(file: string, dpi: number) {
  const base = file.replace(/\.pdf$/, `-${dpi}dpi`)
  execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, base])
  const raw = fs.readFileSync(`${base}.pgm`)
  fs.rmSync(`${base}.pgm`)
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(raw.subarray(0, 40).toString('latin1'))!
  return { width: Number(header[1]), height: Number(header[2]), pixels: raw.subarray(header[0].length) }
}

describe('检定证书', () => {
  let out: Awaited<ReturnType<typeof render>>
  const cert = issued({ no: 'ALSM-2026-000123' })
  beforeAll(async () => {
    out = await render('certificate', cert)
  })

  it('says on its cover who, what, the result, the number and the dates', () => {
    const cover = out.pages[0]!
    for (const expected of [
      '阿拉善左旗巴彦浩特新华农贸市场',
      '电子计价秤',
      'ACS-15',
      cert.instrument.serialNo,
      '上海友声衡器有限公司',
      'Ⅲ级 合格',
      '证书编号：ALSM-2026-000123',
      '第 1 页 共 2 页',
      '2026年11月27日',
      '有效期至',
      '2027年11月26日',
      '赵志刚',
      '李秀兰',
      '王建国',
      '电子签名 2026-11-27 16:05',
      '阿拉善盟检验检测中心',
      '(蒙)法计(2021)15001号',
      '0483-8350096',
      'https://qjt.example.cn/#/verify?no=ALSM-2026-000123&sig=dev.',
    ]) {
      expect([expected, cover.includes(flat(expected))]).toEqual([expected, true])
    }
    expect(cover).toContain('检定证书')
  })

  it('lists regulation, standards, place, environment and every point, then the end mark', () => {
    const inner = out.pages[1]!
    for (const expected of ['第 2 页 共 2 页', 'JJG 539-2016《数字指示秤》', 'M1等级砝码', 'ZJ2026-0317', '衡器实验室', '温度 20.5 ℃', '相对湿度 45 %', '检定项目', '最大允许误差', '15.010 kg', '±0.015 kg', '-0.005 kg', '重复性', '（以下空白）']) {
      expect([expected, inner.includes(flat(expected))]).toEqual([expected, true])
    }
    expect(out.pages).toHaveLength(2)
  })

  it('renders the same bytes from the same certificate', async () => {
    const again = await renderCertificatePdf(cert, signer.verifyUrl(cert))
    expect(again.equals(out.pdf)).toBe(true)
  })

  it('prints a QR code that encodes the verify URL, big enough to scan', () => {
    const url = signer.verifyUrl(cert)
    const expected = QRCode.create(url, { errorCorrectionLevel: QR_LEVEL }).modules
    const dpi = 300
    const { width, pixels } = grey(out.file, dpi)
    const px = (pt: number) => (pt * dpi) / 72
    const module = px(QR_BOX.size) / expected.size
    let wrong = 0
    for (let row = 0; row < expected.size; row++) {
      for (let col = 0; col < expected.size; col++) {
        const x = Math.round(px(QR_BOX.x) + (col + 0.5) * module)
        const y = Math.round(px(QR_BOX.y) + (row + 0.5) * module)
        const dark = pixels[y * width + x]! < 128
        if (dark !== (expected.get(row, col) === 1)) wrong++
      }
    }
    expect(wrong).toBe(0)
    // ≥ 0.5 mm per module and ≥ 3 cm across: what phone cameras read from paper at arm's length.
    expect((QR_BOX.size / expected.size) * (25.4 / 72)).toBeGreaterThanOrEqual(0.5)
    expect(QR_BOX.size * (25.4 / 72)).toBeGreaterThanOrEqual(30)
  })

  it('leaves a picture of page 1 to look at', () => {
    expect(fs.statSync(snapshot(out.file, 'certificate-page1')).size).toBeGreaterThan(10_000)
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '2', '-l', '2', '-singlefile', out.file, path.join(ARTIFACTS, 'certificate-page2')])
  })
})

describe('检定结果通知书', () => {
  let out: Awaited<ReturnType<typeof render>>
  const cert = issued({ type: 'notice', no: 'ALSM-TZ-2026-000045' })
  beforeAll(async () => {
    out = await render('notice', cert)
  })

  it('has the notice title, 不合格, no 有效期至, and lists the failed items', () => {
    const [cover, inner] = out.pages as [string, string]
    expect(cover).toContain('检定结果通知书')
    for (const expected of ['阿拉善左旗巴彦浩特新华农贸市场', '电子计价秤', cert.instrument.serialNo, '不合格', '证书编号：ALSM-TZ-2026-000045', '2026年11月27日', '处理意见']) {
      expect([expected, cover.includes(flat(expected))]).toEqual([expected, true])
    }
    expect(out.text).not.toContain('有效期至：')
    expect(inner).toContain('五、不合格项')
    expect(inner).toContain(flat('标称值 15.000 kg 处误差 +0.025 kg'))
    expect(inner).toContain('（以下空白）')
    snapshot(out.file, 'notice-page1')
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '2', '-l', '2', '-singlefile', out.file, path.join(ARTIFACTS, 'notice-page2')])
  })
})

describe('what the kind and the state of a certificate add', () => {
  it('says 只做首次强制检定 and the 到期轮换 date for a kind used until replaced', async () => {
    const { pages } = await render('rotate', issued({ mode: 'initial_only_rotate', validUntil: null, replaceBy: '2032-11-26', conclusionText: '合格' }))
    expect(pages[0]).toContain('只做首次强制检定，限期使用，到期轮换')
    expect(pages[0]).toContain('2032年11月26日前更换')
    expect(pages[0]).not.toContain('有效期至')
  })

  it('says 失准报废 for a kind verified once', async () => {
    const { pages } = await render('scrap', issued({ mode: 'initial_only_scrap', validUntil: null, conclusionText: '合格' }))
    expect(pages[0]).toContain('只做首次强制检定，失准报废')
  })

  it('marks a revoked certificate 已撤销 on every page', async () => {
    const out = await render('revoked', issued({ revokedAt: new Date('2026-12-01T03:00:00Z'), revokeReason: '出厂编号录入错误' }))
    expect(out.pages[0]).toContain(flat('已于 2026-12-01 11:00 撤销：出厂编号录入错误'))
    // The mark is set diagonally, so its characters come out of pdftotext one by one.
    for (const page of out.pages) for (const char of '已撤销') expect(page).toContain(char)
    snapshot(out.file, 'revoked-page1')
  })

  it('breaks a long results table across pages, header repeated, numbered 第 n 页 共 N 页', async () => {
    const points = Array.from({ length: 50 }, (_, i) => ({
      item: i % 2 ? '重复性' : '示值误差',
      nominal: `${i + 1}.000`,
      indication: `${i + 1}.005`,
      mpe: '0.010',
      unit: 'kg',
      error: '+0.005',
      passed: true,
    }))
    const out = await render('long', issued({ points }))
    const n = out.pages.length
    expect(n).toBeGreaterThanOrEqual(3)
    expect(out.pages[0]).toContain(`第1页共${n}页`)
    out.pages.slice(1).forEach((page, i) => {
      expect(page).toContain(`第${i + 2}页共${n}页`)
      expect(page).toContain('检定项目')
    })
    expect(out.pages[n - 1]).toContain('50.005kg')
    expect(out.pages[n - 1]).toContain('（以下空白）')
    expect(out.pages.slice(0, -1).join('')).not.toContain('（以下空白）')
    for (let i = 1; i <= 50; i++) expect(out.pages.join('')).toContain(`${i}.005kg`)
  })
})
