import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import {
  INSTRUMENT_FIELD_LABELS,
  INSTRUMENT_LIMITS,
  InstrumentCreateSchema,
  serialSeries,
  SERIAL_COUNTER,
  type InstrumentDetailView,
  type InstrumentUpdateInput,
  type InstrumentView,
  type MeView,
} from '@qjt/shared'
import { useCallback, useEffect, useState } from 'react'
import FormField from '@/components/FormField'
import OrgActions from '@/components/OrgActions'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { useAsync } from '@/hooks/useAsync'
import { useZodForm } from '@/hooks/useZodForm'
import { copyInstrument, createInstrument, getInstrument, updateInstrument } from '@/services/api/instruments'
import { ApiError, errorMessage } from '@/services/errors'
import { useSession } from '@/services/session'
import { toast } from '@/utils/feedback'
import { back, replace } from '@/utils/nav'
import { draftKeys, dropDraft, dropStaleEditDrafts, loadDraft, saveDraft } from '../shared/draft'
import { blankState, changedFields, sameValues, scrollToField, scrollToFirstProblem, stateOf, type InstrumentFormState } from '../shared/formState'
import InstrumentFields from '../shared/InstrumentFields'
import '../shared/form.scss'

type Mode = 'new' | 'edit' | 'copy'

const TITLES: Record<Mode, string> = { new: '新增器具', edit: '修改器具', copy: '复制器具' }
const detailUrl = (id: string) => `${ROUTES.instrumentDetail}?id=${id}`

/** The next serial after the source's (JS-001 → JS-002); empty when it does not end in digits. */
function nextSerial(serialNo: string): string {
  return SERIAL_COUNTER.test(serialNo) ? (serialSeries(serialNo, 2)[1] ?? '') : ''
}

/** What the form starts from: blank, the record, or the record less its serial and certificate. */
function baseOf(mode: Mode, me: MeView, source: InstrumentView | null) {
  if (!source || mode === 'new') return blankState(me)
  const s = stateOf(source)
  if (mode === 'edit') return s
  return { ...s, values: { ...s.values, serialNo: nextSerial(source.serialNo), validUntil: '', certificateNo: '', institutionName: '' } }
}

function InstrumentForm({ mode, source, me, onReload }: { mode: Mode; source: InstrumentView | null; me: MeView; onReload: () => void }) {
  const key = source && mode === 'edit' ? draftKeys.edit(source.id, source.version) : source && mode === 'copy' ? draftKeys.copy(source.id) : draftKeys.create()
  const [start] = useState(() => {
    const base = baseOf(mode, me, source)
    const draft = loadDraft<InstrumentFormState>(key)
    return { base, draft: draft && !sameValues(draft.values, base.values) ? draft : null }
  })
  const form = useZodForm(InstrumentCreateSchema, { ...start.base.values, ...start.draft?.values })
  const [names, setNames] = useState(start.draft?.names ?? start.base.names)
  const [restored, setRestored] = useState(!!start.draft)
  const [submitting, setSubmitting] = useState(false)
  const [stale, setStale] = useState(false)
  const { values, errors } = form
  const dirty = !sameValues(values, start.base.values)

  useEffect(() => {
    if (source && mode === 'edit') dropStaleEditDrafts(source.id, key)
  }, [source, mode, key])

  // Every keystroke is kept, so a slip of the back button loses nothing.
  useEffect(() => {
    if (dirty) saveDraft(key, { values, names })
    else dropDraft(key)
  }, [dirty, key, values, names])

  const discardDraft = () => {
    form.setValues(start.base.values)
    setNames(start.base.names)
    setRestored(false)
  }

  const submit = async () => {
    if (submitting) return
    const input = form.validateAll()
    if (!input) {
      const result = InstrumentCreateSchema.safeParse(values)
      if (!result.success) scrollToFirstProblem('ledger-form', result.error.issues.map((i) => i.path[0]))
      toast('请按红字提示修改')
      return
    }
    setSubmitting(true)
    try {
      let saved: InstrumentView
      if (source && mode === 'edit') {
        const diff = changedFields(input, source)
        if (!Object.keys(diff).length) {
          dropDraft(key)
          toast('没有需要保存的修改')
          back(detailUrl(source.id))
          return
        }
        saved = await updateInstrument(source.id, { ...diff, version: source.version } as InstrumentUpdateInput, { toast: false })
      } else if (source && mode === 'copy' && sameValues({ ...values, serialNo: '' }, { ...start.base.values, serialNo: '' })) {
        // Nothing but the serial differs: a true copy, which the history records as such. An
        // untouched serial is left to the server, which skips numbers already taken.
        const serial = values.serialNo === start.base.values.serialNo ? undefined : input.serialNo
        saved = await copyInstrument(source.id, serial, { toast: false })
      } else {
        saved = await createInstrument(input, { toast: false })
      }
      dropDraft(key)
      toast(mode === 'edit' ? '修改已保存' : `已新增 ${saved.code}`, 'success')
      setTimeout(() => (mode === 'edit' ? back(detailUrl(saved.id)) : replace(detailUrl(saved.id))), 700)
    } catch (err) {
      if (!(err instanceof ApiError)) {
        toast(errorMessage(err))
      } else if (err.code === 'STALE_VERSION') {
        setStale(true)
        void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
      } else if (err.code === 'DUPLICATE_SERIAL') {
        form.setError('serialNo', err.message)
        scrollToField('ledger-form', 'serialNo')
      } else if (err.code === 'INSTRUMENT_IN_BOOKING') {
        if (values.level2Code !== start.base.values.level2Code) form.setError('level2Code', err.message)
        if (values.regionCode !== start.base.values.regionCode) form.setError('regionCode', err.message)
        toast(err.message)
      } else if (err.details.length && form.applyServerErrors(err.details)) {
        scrollToFirstProblem('ledger-form', err.details.map((d) => d.path))
        toast('请按红字提示修改')
      } else {
        toast(err.message)
        if (err.code === 'INSTRUMENT_SCRAPPED') onReload()
      }
    } finally {
      setSubmitting(false)
    }
  }

  const reloadLatest = () => {
    dropDraft(key)
    onReload()
  }

  const locked = mode === 'edit' && source?.openBookingId ? '器具在未完成的预约中，预约完成前不能修改目录和使用地点' : null
  // A certificate issued here keeps these itself (the server refuses hand edits of them).
  const certified = mode === 'edit' && !!source?.institutionId

  return (
    <PageContainer
      id='ledger-form'
      className='ledger-form'
      footer={
        stale ? (
          <Button className='qjt-btn' id='ledger-form-reload' onClick={reloadLatest}>
            重新加载最新数据
          </Button>
        ) : (
          <Button className='qjt-btn' id='ledger-form-submit' disabled={submitting} onClick={() => void submit()}>
            {submitting ? '正在保存…' : mode === 'edit' ? '保存修改' : '保存'}
          </Button>
        )
      }
    >
      {stale && (
        <View className='qjt-card ledger-form__notice ledger-form__notice--danger' id='ledger-form-stale'>
          <Text className='ledger-form__notice-title'>数据已被他人修改</Text>
          <Text className='ledger-form__notice-text'>
            你打开后，有人修改了这台器具，你的修改没有保存。下面仍是你填写的内容，可以先记下；重新加载会显示最新数据，再按需修改。
          </Text>
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id='ledger-form-stale-reload' onClick={reloadLatest}>
            重新加载
          </Button>
        </View>
      )}
      {restored && (
        <View className='ledger-form__notice' id='ledger-form-restored'>
          <Text className='ledger-form__notice-text'>已恢复上次没有提交的内容。</Text>
          <Text className='qjt-link ledger-form__discard' id='ledger-form-discard' onClick={discardDraft}>
            放弃这些内容
          </Text>
        </View>
      )}
      {source && (
        <Text className='qjt-muted ledger-form__intro'>
          {mode === 'copy'
            ? `复制自 ${source.code}（${source.name}）。已按原器具顺延出厂编号，检定信息不复制。`
            : `器具编码 ${source.code}`}
        </Text>
      )}
      {mode === 'new' && <Text className='qjt-muted ledger-form__intro'>带 * 的为必填项。器具编码在保存后自动生成。</Text>}
      <InstrumentFields
        idPrefix='ledger-form'
        values={values}
        errors={errors}
        setValue={form.setValue}
        setError={form.setError}
        touch={form.touch}
        names={names}
        onNames={setNames}
        placeLocked={locked}
        certificateLocked={certified}
        serialSlot={
          <FormField label={INSTRUMENT_FIELD_LABELS.serialNo} required error={errors.serialNo} id='ledger-form-serialNo' hint='见器具铭牌。同一二级目录下不能重复'>
            <Input
              className='qjt-input'
              id='ledger-form-serialNo-input'
              value={values.serialNo}
              maxlength={INSTRUMENT_LIMITS.serialNo}
              placeholder='例如：JS-001'
              placeholderClass='qjt-input-placeholder'
              onInput={(e) => form.setValue('serialNo', e.detail.value)}
              onBlur={() => form.touch('serialNo')}
            />
          </FormField>
        }
      />
    </PageContainer>
  )
}

export default function InstrumentFormPage() {
  const { params } = useRouter()
  const mode: Mode = params.mode === 'edit' || params.mode === 'copy' ? params.mode : 'new'
  const id = params.id ?? ''
  const { status, me } = useSession()
  const ready = status === 'signed_in' && !!me?.org
  const load = useCallback(() => getInstrument(id, { toast: false }), [id])
  const source = useAsync<InstrumentDetailView>(load, ready && mode !== 'new' && !!id)

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: TITLES[mode] }).catch(() => undefined)
  }, [mode])

  if (!ready || !me) {
    if (status === 'signed_in' && me && !me.org) {
      return (
        <PageContainer id='ledger-form'>
          <OrgActions idPrefix='ledger-form' intro='登记器具前，请先注册单位或加入单位。' />
        </PageContainer>
      )
    }
    return <PageContainer id='ledger-form' requireLogin />
  }
  if (mode === 'new') return <InstrumentForm key='new' mode='new' source={null} me={me} onReload={() => undefined} />
  if (!id || source.initialLoading || (source.error && !source.data) || !source.data) {
    return (
      <PageContainer
        id='ledger-form'
        loading={!!id && source.initialLoading}
        error={id ? source.error : new ApiError({ status: 404, code: 'INSTRUMENT_NOT_FOUND', message: '没有指定器具' })}
        onRetry={() => void source.reload()}
      />
    )
  }
  const data = source.data
  if (mode === 'edit' && data.status === 'scrapped') {
    return (
      <PageContainer id='ledger-form'>
        <View className='qjt-card' id='ledger-form-scrapped'>
          <Text className='qjt-section-title'>器具已报废，不能再修改</Text>
          <Text className='qjt-muted'>报废是最终状态。如需登记同样的器具，可以在详情页“复制”一台新的。</Text>
        </View>
      </PageContainer>
    )
  }
  return <InstrumentForm key={`${mode}:${data.id}:${data.version}`} mode={mode} source={data} me={me} onReload={() => void source.reload()} />
}
