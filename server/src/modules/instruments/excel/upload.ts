import { Writable } from 'node:stream'
import { koaBody } from 'koa-body'
import type { AppContext } from '../../../core/route'
import { AppError } from '../../../core/errors'
import { IMPORT_LIMITS, tooLarge, type ImportLimits } from './read'

/** Room for the multipart boundaries and part headers around the file. */
const ENVELOPE_BYTES = 64 * 1024

// formidable's codes for a file over its size limits.
const FILE_TOO_BIG = new Set([1009, 1016])

const noFile = () => new AppError('IMPORT_FILE_INVALID', '请选择要导入的 .xlsx 文件（表单字段 file）')

/**
 * Receives the one uploaded file of a multipart request into memory, only on the route that
 * takes uploads (the app's body parser reads JSON alone). Over the size limit is a 413 as soon
 * as the limit is passed, without reading the rest; the file name keeps its Chinese characters.
 */
export async function receiveUpload(ctx: AppContext, limits: ImportLimits = IMPORT_LIMITS): Promise<{ file: Buffer; fileName: string }> {
  if (!ctx.is('multipart/form-data')) throw noFile()
  if ((ctx.request.length ?? 0) > limits.maxBytes + ENVELOPE_BYTES) throw tooLarge(limits, '文件过大')
  const chunks: Buffer[] = []
  const parse = koaBody({
    multipart: true,
    json: false,
    urlencoded: false,
    text: false,
    formidable: {
      maxFiles: 1,
      maxFileSize: limits.maxBytes,
      maxFields: 10,
      maxFieldsSize: 64 * 1024,
      encoding: 'utf-8',
      fileWriteStreamHandler: () =>
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk)
            done()
          },
        }),
    },
  })
  try {
    await parse(ctx as never, async () => {})
  } catch (err) {
    const code = (err as { code?: number }).code
    if (code !== undefined && FILE_TOO_BIG.has(code)) throw tooLarge(limits, '文件过大')
    throw new AppError('IMPORT_FILE_INVALID', '上传的内容无法读取，请重新选择 .xlsx 文件上传')
  }
  const file = ctx.request.files?.file
  if (!file || Array.isArray(file)) throw noFile()
  return { file: Buffer.concat(chunks), fileName: file.originalFilename ?? '' }
}
