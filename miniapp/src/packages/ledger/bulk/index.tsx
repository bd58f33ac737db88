import { Button, Input, Text, View } from '@tarojs/components'
import { BULK_MAX, InstrumentBulkCreateSchema, serialSeries, SERIAL_COUNTER, type MeView } from '@qjt/shared'
import { useEffect, useState } from 'react'
import FormField from '@/components/FormField'
import OrgActions from '@/components/OrgActions'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { useZodForm, type FormValues } from '@/hooks/useZodForm'
import { bulkCreateInstruments } from '@/services/api/instruments'
import { ApiError, errorMessage } from '@/services/errors'
import { useSession } from '@/services/session'
import { toast } from '@/utils/feedback'
import { replace } from '@/utils/nav'
import { draftKeys, dropDraft, loadDraft, saveDraft } from '../shared/draft'
import { blankState, sameValues, scrollToField, scrollToFirstProblem } from '../shared/formState'
import InstrumentFields from '../shared/InstrumentFields'
import '../shared/form.scss'

type Values = FormValues<typeof InstrumentBulkCreateSchema>

function blankBulk(me: MeView) {
  const { values, names } = blankState(me)
  const { serialNo: _serial, ...rest } = values
  return { values: { ...rest, firstSerialNo: '', count: '' } satisfies Values, names }
}

/** The serials the batch will get, as "JS-001、JS-002、JS-003 … JS-050", or null until both fields make sense. */
function preview(first: string, countText: string): { count: number; text: string } | null {
  const count = Number(countText)
  if (!SERIAL_COUNTER.test(first.trim()) || !Number.isInteger(count) || count < 2 || count > BULK_MAX) return null
  const all = serialSeries(first.trim(), count)
  const head = all.slice(0, 3).join('、')
  return { count, text: count > 4 ? `${head} … ${all[count - 1]}` : all.join('、') }
}

function BulkForm({ me }: { me: MeView }) {
  const key = draftKeys.bulk()
  const [start] = useState(() => {
    const base = blankBulk(me)
    const draft = loadDraft<Values>(key)
    return { base, draft: draft && !sameValues(draft.values, base.values) ? draft : null }
  })
  const form = useZodForm(InstrumentBulkCreateSchema, { ...start.base.values, ...start.draft?.values })
  const [names, setNames] = useState(start.draft?.names ?? start.base.names)
  const [restored, setRestored] = useState(!!start.draft)
  const [submitting, setSubmitting] = useState(false)
  const { values, errors } = form
  const dirty = !sameValues(values, start.base.values)

  useEffect(() => {
    if (dirty) saveDraft(key, { values, names })
    else dropDraft(key)
  }, [dirty, key, values, names])

  const series = preview(values.firstSerialNo, values.count)

  const submit = async () => {
    if (submitting) return
    const input = form.validateAll()
    if (!input) {
      const result = InstrumentBulkCreateSchema.safeParse(values)
      if (!result.success) scrollToFirstProblem('ledger-bulk', result.error.issues.map((i) => i.path[0]))
      toast('请按红字提示修改')
      return
    }
    setSubmitting(true)
    try {
      const res = await bulkCreateInstruments(input, { toast: false })
      dropDraft(key)
      toast(`已新增 ${res.items.length} 台`, 'success')
      setTimeout(() => replace(ROUTES.ledger), 800)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'DUPLICATE_SERIAL') {
        form.setError('firstSerialNo', err.message)
        scrollToField('ledger-bulk', 'firstSerialNo')
      } else if (err instanceof ApiError && err.details.length && form.applyServerErrors(err.details)) {
        scrollToFirstProblem('ledger-bulk', err.details.map((d) => d.path))
        toast('请按红字提示修改')
      } else {
        toast(errorMessage(err))
      }
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <PageContainer
      id='ledger-bulk'
      className='ledger-form'
      footer={
        <Button className='qjt-btn' id='ledger-bulk-submit' disabled={submitting} onClick={() => void submit()}>
          {submitting ? '正在保存…' : series ? `新增 ${series.count} 台` : '批量新增'}
        </Button>
      }
    >
      {restored && (
        <View className='ledger-form__notice' id='ledger-bulk-restored'>
          <Text className='ledger-form__notice-text'>已恢复上次没有提交的内容。</Text>
          <Text
            className='qjt-link ledger-form__discard'
            id='ledger-bulk-discard'
            onClick={() => {
              form.setValues(start.base.values)
              setNames(start.base.names)
              setRestored(false)
            }}
          >
            放弃这些内容
          </Text>
        </View>
      )}
      <Text className='qjt-muted ledger-form__intro'>
        一次登记多台相同的器具（如同一批电子秤），每台一条台账记录，出厂编号自动顺延。带 * 的为必填项。
      </Text>
      <InstrumentFields
        idPrefix='ledger-bulk'
        values={values}
        errors={errors}
        setValue={form.setValue}
        setError={form.setError}
        touch={form.touch}
        names={names}
        onNames={setNames}
        hideQuantity
        serialSlot={
          <>
            <FormField label='起始出厂编号' required error={errors.firstSerialNo} id='ledger-bulk-firstSerialNo' hint='第一台的出厂编号，须以数字结尾，例如 JS-001'>
              <Input
                className='qjt-input'
                id='ledger-bulk-firstSerialNo-input'
                value={values.firstSerialNo}
                maxlength={50}
                placeholder='例如：JS-001'
                placeholderClass='qjt-input-placeholder'
                onInput={(e) => form.setValue('firstSerialNo', e.detail.value)}
                onBlur={() => form.touch('firstSerialNo')}
              />
            </FormField>
            <FormField label='数量（台）' required error={errors.count} id='ledger-bulk-count' hint={`2 到 ${BULK_MAX} 台`}>
              <Input
                className='qjt-input'
                id='ledger-bulk-count-input'
                type='number'
                value={values.count}
                maxlength={3}
                placeholder='例如：20'
                placeholderClass='qjt-input-placeholder'
                onInput={(e) => form.setValue('count', e.detail.value.replace(/\D/g, ''))}
                onBlur={() => form.touch('count')}
              />
              {series && (
                <View className='ledger-form__preview' id='ledger-bulk-preview'>
                  <Text className='ledger-form__preview-count'>将新增 {series.count} 台，出厂编号：</Text>
                  <Text>{series.text}</Text>
                </View>
              )}
            </FormField>
          </>
        }
      />
    </PageContainer>
  )
}

export default function BulkPage() {
  const { status, me } = useSession()
  if (status === 'signed_in' && me?.org) return <BulkForm me={me} />
  if (status === 'signed_in' && me) {
    return (
      <PageContainer id='ledger-bulk'>
        <OrgActions idPrefix='ledger-bulk' intro='登记器具前，请先注册单位或加入单位。' />
      </PageContainer>
    )
  }
  return <PageContainer id='ledger-bulk' requireLogin />
}
