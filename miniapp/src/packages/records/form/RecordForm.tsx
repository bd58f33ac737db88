import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { addDays, chinaToday, type RecordView } from '@qjt/shared'
import { useCallback, useEffect, useMemo, useState } from 'react'
import DateField from '@/components/DateField'
import FormField from '@/components/FormField'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { ApiError, errorMessage } from '@/services/errors'
import { cx } from '@/utils/cx'
import { toast } from '@/utils/feedback'
import { go, replace } from '@/utils/nav'
import {
  type DraftKey,
  dropDraft,
  formPath,
  loadDraft,
  problemsOf,
  sameState,
  saveDefaults,
  saveDraft,
  type RecordFormState,
} from '../shared/form'
import { DecimalRow, fieldId, TextRow } from './inputs'
import { InspectionSection, PointsSection, StandardsSection } from './Sections'

/** What the form is about, shown on top and never edited here. */
export interface Subject {
  instrumentId: string
  name: string
  code: string
  serialNo: string
  level2Name: string
  unitName: string
  bookingNo: string
}

/** Field order on the page, for scrolling to the first problem. */
const ORDER = ['regulation', 'verifiedAt', 'place', 'temperature', 'humidity', 'otherEnv', 'standards', 'inspectionPassed', 'inspectionReason', 'points']

export const detailUrl = (id: string) => `${ROUTES.recordDetail}?id=${id}`

function scrollTo(path: string) {
  const point = /^points\.\d+\.(unit|item)$/.exec(path)
  const target = point ? `points.0.${point[1]}` : path
  const selector = target === 'standards' || target === 'points' ? `#record-form-${target}` : `#${fieldId(target)}-field`
  void Taro.pageScrollTo({ selector, duration: 200, offsetTop: -48 }).catch(() => undefined)
}

/** The first problem in page order. */
function firstProblem(keys: string[]): string | undefined {
  return ORDER.flatMap((o) => keys.filter((k) => k === o || k.startsWith(`${o}.`)))[0] ?? keys[0]
}

interface FormProps {
  subject: Subject
  start: RecordFormState
  draftKey: DraftKey
  /** Filled in once the catalogue answers, unless the user got there first. */
  regulation?: Promise<string>
  save: (state: RecordFormState) => Promise<RecordView>
  /** Set when a sent-back record is being recorded again. */
  recordId?: string
}

/** The record form: one column, checked by the shared schema, kept on the phone until saved. */
export default function RecordForm({ subject, start, draftKey, regulation, save, recordId }: FormProps) {
  const editing = !!recordId
  const [initial] = useState(() => {
    const draft = loadDraft(draftKey)
    return { draft: draft && !sameState(draft, start) ? draft : null }
  })
  const [state, setState] = useState<RecordFormState>(initial.draft ?? start)
  const [restored, setRestored] = useState(!!initial.draft)
  const [touched, setTouched] = useState<Set<string>>(() => new Set())
  const [submitted, setSubmitted] = useState(false)
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const [stale, setStale] = useState(false)
  const today = chinaToday()

  useEffect(() => {
    if (!regulation) return
    let live = true
    regulation
      .then((r) => {
        if (live && r) setState((s) => (s.regulation ? s : { ...s, regulation: r }))
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [regulation])

  const dirty = !sameState(state, start)
  // Every keystroke is kept, so a slip of the back button loses nothing.
  useEffect(() => {
    if (dirty) saveDraft(draftKey, state)
    else dropDraft(draftKey)
  }, [dirty, draftKey, state])

  const problems = useMemo(() => problemsOf(state, subject.instrumentId), [state, subject.instrumentId])
  const errorOf = (path: string) => serverErrors[path] ?? (submitted || touched.has(path) ? problems[path] : undefined)
  const touch = useCallback((path: string) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path))), [])
  const update = useCallback((fn: (s: RecordFormState) => RecordFormState) => {
    setState(fn)
    setServerErrors({})
    setFailure(null)
  }, [])
  const field = <K extends keyof RecordFormState>(key: K) => (v: RecordFormState[K]) => update((s) => ({ ...s, [key]: v }))

  const discard = () => {
    setState(start)
    setRestored(false)
    setTouched(new Set())
  }

  const submit = async () => {
    if (saving) return
    setSubmitted(true)
    const first = firstProblem(Object.keys(problems))
    if (first) {
      scrollTo(first)
      toast('请按红字提示修改')
      return
    }
    setSaving(true)
    setFailure(null)
    try {
      const saved = await save(state)
      dropDraft(draftKey)
      saveDefaults({ standards: state.standards })
      toast('已保存，等待核验', 'success')
      setTimeout(() => replace(detailUrl(saved.id)), 700)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'STALE_VERSION') {
        setStale(true)
      } else if (err instanceof ApiError && err.details.length) {
        const next: Record<string, string> = {}
        for (const d of err.details) next[formPath(d.path)] ??= d.message
        setServerErrors(next)
        const firstKey = firstProblem(Object.keys(next))
        if (firstKey) scrollTo(firstKey)
        toast('请按红字提示修改')
      } else {
        setFailure(errorMessage(err))
      }
    } finally {
      setSaving(false)
    }
  }

  return (
    <PageContainer
      id='record-form'
      className='record-form'
      footer={
        <View>
          {failure && (
            <Text className='record-form__failure' id='record-form-failure'>
              {failure}
            </Text>
          )}
          <Button className={cx('qjt-btn', { 'qjt-btn--disabled': saving || stale })} id='record-form-submit' disabled={saving || stale} onClick={() => void submit()}>
            {saving ? '正在保存…' : editing ? '保存修改并提交核验' : '保存并提交核验'}
          </Button>
        </View>
      }
    >
      {stale && (
        <View className='qjt-card record-form__notice record-form__notice--danger' id='record-form-stale'>
          <Text className='record-form__notice-title'>记录已被他人修改</Text>
          <Text>你的修改没有保存。请返回记录详情查看最新内容后再修改。</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small qjt-gap-top' id='record-form-stale-back' onClick={() => recordId && go(detailUrl(recordId))}>
            查看最新记录
          </Button>
        </View>
      )}
      {restored && (
        <View className='record-form__notice' id='record-form-restored'>
          <Text>已恢复上次没有保存的内容。</Text>
          <Text className='qjt-link record-form__discard' id='record-form-discard' onClick={discard}>
            放弃这些内容
          </Text>
        </View>
      )}

      <View className='qjt-card' id='record-form-subject'>
        <Text className='record-form__name'>{subject.name}</Text>
        <Text className='record-form__line'>器具编码 {subject.code}</Text>
        <Text className='record-form__line'>
          出厂编号 {subject.serialNo} · {subject.level2Name}
        </Text>
        <Text className='record-form__line'>
          {subject.unitName} · 预约 {subject.bookingNo}
        </Text>
      </View>

      <View className='qjt-card'>
        <Text className='qjt-section-title'>检定依据与条件</Text>
        <TextRow path='regulation' label='检定规程' required value={state.regulation} error={errorOf('regulation')} hint='按器具目录预填，可修改' placeholder='例如：JJG 539-2016' maxlength={100} onChange={field('regulation')} onBlur={() => touch('regulation')} />
        <FormField label='检定日期' required error={errorOf('verifiedAt')} id={fieldId('verifiedAt')} hint='不能晚于今天'>
          <DateField id={`${fieldId('verifiedAt')}-input`} title='检定日期' min={addDays(today, -366)} max={today} value={state.verifiedAt} onChange={field('verifiedAt')} onClose={() => touch('verifiedAt')} />
        </FormField>
        <TextRow path='place' label='检定地点' required value={state.place} error={errorOf('place')} placeholder='例如：本机构衡器实验室' maxlength={100} onChange={field('place')} onBlur={() => touch('place')} />
        <DecimalRow path='temperature' label='环境温度' signed suffix='°C' value={state.temperature} error={errorOf('temperature')} onChange={field('temperature')} onBlur={() => touch('temperature')} />
        <DecimalRow path='humidity' label='相对湿度' suffix='%RH' value={state.humidity} error={errorOf('humidity')} onChange={field('humidity')} onBlur={() => touch('humidity')} />
        <TextRow path='otherEnv' label='其他环境条件' value={state.otherEnv} error={errorOf('otherEnv')} placeholder='例如：无明显振动和气流' maxlength={100} onChange={field('otherEnv')} onBlur={() => touch('otherEnv')} />
      </View>

      <StandardsSection state={state} errorOf={errorOf} update={update} touch={touch} />
      <InspectionSection state={state} errorOf={errorOf} update={update} touch={touch} />
      <PointsSection state={state} errorOf={errorOf} update={update} touch={touch} />
    </PageContainer>
  )
}
