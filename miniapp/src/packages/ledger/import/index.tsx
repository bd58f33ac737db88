import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ERRORS, type ImportReport } from '@qjt/shared'
import { useEffect, useRef, useState } from 'react'
import OrgActions from '@/components/OrgActions'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { downloadImportTemplate, importInstruments } from '@/services/api/instruments'
import { ApiError, errorMessage } from '@/services/errors'
import { ensurePrivacy } from '@/services/privacy'
import { useSession } from '@/services/session'
import type { PickedFile } from '@/services/transfer'
import { cx } from '@/utils/cx'
import { toast } from '@/utils/feedback'
import { go } from '@/utils/nav'
import { isH5, isWeapp } from '@/utils/platform'
import Report from './Report'
import './index.scss'

/** The server's limit, checked here first so nobody waits for an upload that will be refused. */
const MAX_BYTES = 10 * 1024 * 1024

type Phase =
  | { kind: 'idle' }
  | { kind: 'picked'; file: PickedFile }
  | { kind: 'uploading'; file: PickedFile; percent: number }
  | { kind: 'checking'; file: PickedFile }
  | { kind: 'done'; file: PickedFile; report: ImportReport }
  | { kind: 'failed'; file: PickedFile | null; title: string; message: string }

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function problemOf(file: PickedFile): { title: string; message: string } | null {
  if (!/\.xlsx$/i.test(file.name)) {
    return { title: '文件格式不对', message: '请选择 .xlsx 格式的 Excel 文件。.xls 或 WPS 表格请先另存为 .xlsx。' }
  }
  if (file.size > MAX_BYTES) {
    return { title: '文件太大', message: `这个文件有 ${formatSize(file.size)}，超过 10 MB 上限。请拆分成几个文件，分批导入。` }
  }
  return null
}

/** Why the server refused the file, in words that say what to do next. */
function failureOf(err: unknown): { title: string; message: string } {
  if (err instanceof ApiError) {
    if (err.status === 413 || err.code === 'IMPORT_TOO_LARGE') return { title: '文件太大', message: ERRORS.IMPORT_TOO_LARGE.message }
    if (err.code === 'IMPORT_FILE_INVALID' || err.status === 415) {
      return { title: '无法读取这个文件', message: `${err.message}。请用“下载导入模板”得到的表格填写，保存为 .xlsx 后再导入。` }
    }
  }
  return { title: '导入没有完成', message: errorMessage(err) }
}

/** H5 has no file API of the mini-program kind: a hidden file input stands in for chooseMessageFile. */
function useH5FileInput(onPick: (file: PickedFile) => void) {
  const input = useRef<HTMLInputElement | null>(null)
  const handler = useRef(onPick)
  useEffect(() => {
    handler.current = onPick
  })
  useEffect(() => {
    if (!isH5) return
    const el = document.createElement('input')
    el.type = 'file'
    el.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    el.id = 'ledger-import-file'
    el.style.display = 'none'
    el.addEventListener('change', () => {
      const f = el.files?.[0]
      if (f) handler.current({ path: '', name: f.name, size: f.size, blob: f })
      el.value = ''
    })
    document.body.appendChild(el)
    input.current = el
    return () => {
      el.remove()
      input.current = null
    }
  }, [])
  return () => input.current?.click()
}

async function chooseOnWeapp(): Promise<PickedFile | null> {
  // Choosing a file from a chat is a privacy API: the user must have agreed to the guide first.
  if (!(await ensurePrivacy())) {
    toast('需要同意隐私保护指引后才能选择文件')
    return null
  }
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] })
    const f = res.tempFiles[0]
    return f ? { path: f.path, name: f.name, size: f.size } : null
  } catch {
    // Cancelled.
    return null
  }
}

function ImportFlow() {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' })
  const [downloading, setDownloading] = useState(false)
  const busy = phase.kind === 'uploading' || phase.kind === 'checking'

  const picked = (file: PickedFile) => {
    const problem = problemOf(file)
    setPhase(problem ? { kind: 'failed', file, ...problem } : { kind: 'picked', file })
  }
  const openH5Picker = useH5FileInput(picked)

  const choose = async () => {
    if (busy) return
    if (isWeapp) {
      const file = await chooseOnWeapp()
      if (file) picked(file)
    } else {
      openH5Picker()
    }
  }

  const upload = async (file: PickedFile) => {
    setPhase({ kind: 'uploading', file, percent: 0 })
    try {
      const report = await importInstruments(file, (p) =>
        setPhase((s) => (s.kind !== 'uploading' ? s : p.percent >= 100 ? { kind: 'checking', file } : { ...s, percent: p.percent })),
      )
      setPhase({ kind: 'done', file, report })
    } catch (err) {
      setPhase({ kind: 'failed', file, ...failureOf(err) })
    }
  }

  const template = async () => {
    if (downloading) return
    setDownloading(true)
    void Taro.showLoading({ title: '正在下载模板…', mask: true })
    try {
      const res = await downloadImportTemplate()
      Taro.hideLoading()
      toast(isH5 ? `模板已下载：${res.fileName}` : '模板已打开，可点右上角“…”转发到电脑或保存')
    } catch (err) {
      Taro.hideLoading()
      toast(errorMessage(err))
    } finally {
      setDownloading(false)
    }
  }

  const file = phase.kind === 'idle' ? null : phase.file

  // The report (or the reason it failed) is below the steps: bring it into view when it arrives.
  useEffect(() => {
    if (phase.kind !== 'done' && phase.kind !== 'failed') return
    const selector = phase.kind === 'done' ? '#ledger-import-report' : '#ledger-import-error'
    void Taro.pageScrollTo({ selector, duration: 300, offsetTop: -16 }).catch(() => undefined)
  }, [phase.kind])

  return (
    <PageContainer id='ledger-import' className='ledger-import'>
      <View className='qjt-card'>
        <Text className='qjt-section-title'>用 Excel 批量导入器具</Text>
        {[
          '下载导入模板，按表头填写器具，每行一台。',
          isWeapp ? '把填好的 .xlsx 文件发到微信聊天（如“文件传输助手”）。' : '保存为 .xlsx 文件。',
          '点“选择文件”，上传后查看导入结果。',
        ].map((step, n) => (
          <View key={step} className='ledger-import__step'>
            <Text className='ledger-import__step-no'>{n + 1}</Text>
            <Text className='ledger-import__step-text'>{step}</Text>
          </View>
        ))}
        <Text className='qjt-muted ledger-import__limits'>文件不超过 10 MB、10000 行。二级目录和出厂编号与台账中已有器具相同的行，会更新那台器具，不会重复登记。</Text>
        <Button
          className={cx('qjt-btn qjt-btn--plain', { 'qjt-btn--disabled': downloading })}
          id='ledger-import-template'
          disabled={downloading}
          onClick={() => void template()}
        >
          {downloading ? '正在下载…' : '下载导入模板'}
        </Button>
        <Button className={cx('qjt-btn', { 'qjt-btn--disabled': busy })} id='ledger-import-choose' disabled={busy} onClick={() => void choose()}>
          {file ? '重新选择文件' : '选择文件'}
        </Button>
      </View>

      {file && (
        <View className='qjt-card ledger-import__file' id='ledger-import-file-card'>
          <Text className='ledger-import__file-name'>{file.name}</Text>
          <Text className='qjt-muted'>{formatSize(file.size)}</Text>
          {phase.kind === 'picked' && (
            <Button className='qjt-btn ledger-import__start' id='ledger-import-start' onClick={() => void upload(phase.file)}>
              开始导入
            </Button>
          )}
          {phase.kind === 'uploading' && (
            <View className='ledger-import__progress' id='ledger-import-progress'>
              <View className='ledger-import__bar'>
                <View className='ledger-import__bar-fill' style={{ width: `${phase.percent}%` }} />
              </View>
              <Text>正在上传 {phase.percent}%</Text>
            </View>
          )}
          {phase.kind === 'checking' && (
            <View className='ledger-import__checking' id='ledger-import-checking'>
              <View className='page-state__spinner ledger-import__spinner' />
              <Text>正在校验…每一行都会检查，行数多时需要一会儿</Text>
            </View>
          )}
        </View>
      )}

      {phase.kind === 'failed' && (
        <View className='qjt-card ledger-import__failed' id='ledger-import-error'>
          <Text className='ledger-import__failed-title'>{phase.title}</Text>
          <Text>{phase.message}</Text>
          {phase.file && !problemOf(phase.file) && (
            <Button className='qjt-btn qjt-btn--plain qjt-gap-top' id='ledger-import-retry' onClick={() => phase.file && void upload(phase.file)}>
              重新上传这个文件
            </Button>
          )}
        </View>
      )}

      {phase.kind === 'done' && (
        <Report
          report={phase.report}
          onLedger={() => go(ROUTES.ledger)}
          onAgain={() => {
            setPhase({ kind: 'idle' })
            void choose()
          }}
        />
      )}
    </PageContainer>
  )
}

export default function ImportPage() {
  const { status, me } = useSession()
  if (status === 'signed_in' && me?.org) return <ImportFlow />
  if (status === 'signed_in' && me) {
    return (
      <PageContainer id='ledger-import'>
        <OrgActions idPrefix='ledger-import' intro='导入器具前，请先注册单位或加入单位。' />
      </PageContainer>
    )
  }
  return <PageContainer id='ledger-import' requireLogin />
}
