import { Button, Text, Textarea, View } from '@tarojs/components'
import { addDays, chinaToday } from '@qjt/shared'
import ChoiceChips from '@/components/ChoiceChips'
import DateField from '@/components/DateField'
import FormField from '@/components/FormField'
import { cx } from '@/utils/cx'
import { formatSigned } from '@/utils/format'
import { previewPoint } from '../shared/decimal'
import { blankPoint, blankStandard, type PointRow, type RecordFormState, type StandardRow } from '../shared/form'
import { DecimalRow, fieldId, TextRow } from './inputs'

export const STANDARDS_MAX = 10
export const POINTS_MAX = 50

export interface SectionProps {
  state: RecordFormState
  /** The message to show for a path (already filtered to what the user has left or submitted). */
  errorOf: (path: string) => string | undefined
  update: (fn: (s: RecordFormState) => RecordFormState) => void
  touch: (path: string) => void
}

export function StandardsSection({ state, errorOf, update, touch }: SectionProps) {
  const set = (i: number, patch: Partial<StandardRow>) =>
    update((s) => ({ ...s, standards: s.standards.map((row, j) => (j === i ? { ...row, ...patch } : row)) }))
  const remove = (i: number) => update((s) => ({ ...s, standards: s.standards.filter((_, j) => j !== i) }))
  const today = chinaToday()
  return (
    <View className='qjt-card' id='record-form-standards'>
      <Text className='qjt-section-title'>计量标准器</Text>
      {errorOf('standards') && (
        <Text className='form-field__error record-form__group-error' id='record-form-standards-error'>
          {errorOf('standards')}
        </Text>
      )}
      {state.standards.map((row, i) => {
        const p = `standards.${i}`
        const expired = !!row.validUntil && row.validUntil < state.verifiedAt
        return (
          <View key={i} className='record-form__group' id={`record-form-standard-${i}`}>
            <View className='qjt-row record-form__group-head'>
              <Text className='record-form__group-title'>标准器 {i + 1}</Text>
              <Text className='qjt-link record-form__remove' id={`record-form-standard-${i}-remove`} onClick={() => remove(i)}>
                删除
              </Text>
            </View>
            <TextRow path={`${p}.name`} label='名称' required value={row.name} error={errorOf(`${p}.name`)} placeholder='例如：F2级砝码' maxlength={100} onChange={(v) => set(i, { name: v })} onBlur={() => touch(`${p}.name`)} />
            <TextRow path={`${p}.certificateNo`} label='证书编号' required value={row.certificateNo} error={errorOf(`${p}.certificateNo`)} placeholder='标准器检定/校准证书编号' maxlength={50} onChange={(v) => set(i, { certificateNo: v })} onBlur={() => touch(`${p}.certificateNo`)} />
            <FormField label='有效期至' required error={errorOf(`${p}.validUntil`) ?? (expired ? '标准器在检定日期已过有效期，请核对' : undefined)} id={fieldId(`${p}.validUntil`)}>
              <DateField id={`${fieldId(`${p}.validUntil`)}-input`} title='标准器有效期至' min={addDays(today, -3660)} max={addDays(today, 3660)} value={row.validUntil} onChange={(v) => set(i, { validUntil: v })} onClose={() => touch(`${p}.validUntil`)} />
            </FormField>
          </View>
        )
      })}
      {state.standards.length < STANDARDS_MAX && (
        <Button className='qjt-btn qjt-btn--plain' id='record-form-standard-add' onClick={() => update((s) => ({ ...s, standards: [...s.standards, blankStandard()] }))}>
          + 添加标准器
        </Button>
      )}
    </View>
  )
}

const INSPECTION_CHOICES = [
  { value: 'pass', label: '合格' },
  { value: 'fail', label: '不合格' },
] as const

export function InspectionSection({ state, errorOf, update, touch }: SectionProps) {
  const value = state.inspectionPassed === null ? '' : state.inspectionPassed ? 'pass' : 'fail'
  return (
    <View className='qjt-card' id='record-form-inspection'>
      <Text className='qjt-section-title'>外观检查</Text>
      <FormField label='外观及功能检查' required error={errorOf('inspectionPassed')} id='record-form-inspectionPassed' hint='不合格时器具判为不合格，测量点可以不填'>
        <ChoiceChips
          id='record-form-inspection-choice'
          options={INSPECTION_CHOICES}
          value={value}
          onChange={(v) => {
            update((s) => ({ ...s, inspectionPassed: v === '' ? null : v === 'pass' }))
            touch('inspectionPassed')
          }}
        />
      </FormField>
      {state.inspectionPassed === false && (
        <FormField label='不合格原因' required error={errorOf('inspectionReason')} id='record-form-inspectionReason'>
          <Textarea
            className='qjt-input record-form__textarea'
            id='record-form-inspectionReason-input'
            value={state.inspectionReason}
            maxlength={100}
            placeholder='例如：铭牌缺失，无法识别出厂编号'
            placeholderClass='qjt-input-placeholder'
            onInput={(e) => update((s) => ({ ...s, inspectionReason: e.detail.value }))}
            onBlur={() => touch('inspectionReason')}
          />
        </FormField>
      )}
    </View>
  )
}

/** The point's error as the server will compute it, in a box beside the fields: the number and a word. */
function ErrorBox({ point, id }: { point: PointRow; id: string }) {
  const preview = previewPoint(point)
  return (
    <View className='form-field'>
      <View className='form-field__label'>
        <Text>误差（自动）</Text>
      </View>
      <View className={cx('record-form__error-box', preview && (preview.passed ? 'record-form__error-box--pass' : 'record-form__error-box--fail'))} id={id}>
        {preview ? (
          <>
            <Text className='record-form__error-value'>{formatSigned(preview.error)}</Text>
            <Text className='record-form__error-word'>{preview.passed ? '✓ 合格' : '✕ 超差'}</Text>
          </>
        ) : (
          <Text className='qjt-muted'>填好后显示</Text>
        )}
      </View>
    </View>
  )
}

export function PointsSection({ state, errorOf, update, touch }: SectionProps) {
  const setPoint = (i: number, patch: Partial<PointRow>) =>
    update((s) => ({ ...s, points: s.points.map((row, j) => (j === i ? { ...row, ...patch } : row)) }))
  // One unit and one item for the whole table: typing them once per point only invites slips.
  const setAll = (patch: Partial<PointRow>) => update((s) => ({ ...s, points: s.points.map((row) => ({ ...row, ...patch })) }))
  const remove = (i: number) => update((s) => ({ ...s, points: s.points.filter((_, j) => j !== i) }))
  const first = state.points[0]
  const unitError = state.points.map((_, i) => errorOf(`points.${i}.unit`)).find(Boolean)
  const itemError = state.points.map((_, i) => errorOf(`points.${i}.item`)).find(Boolean)
  const previews = state.points.map(previewPoint)
  const failed = previews.filter((p) => p && !p.passed).length
  const done = previews.filter(Boolean).length

  return (
    <View className='qjt-card' id='record-form-points'>
      <Text className='qjt-section-title'>检定数据</Text>
      {errorOf('points') && (
        <Text className='form-field__error record-form__group-error' id='record-form-points-error'>
          {errorOf('points')}
        </Text>
      )}
      {first && (
        <>
          <TextRow path='points.0.item' label='检定项目' value={first.item} error={itemError} placeholder='例如：示值误差' maxlength={30} onChange={(v) => setAll({ item: v })} onBlur={() => touch('points.0.item')} />
          <TextRow path='points.0.unit' label='计量单位' required value={first.unit} error={unitError} placeholder='例如：kg' hint='所有检定点使用同一单位' maxlength={10} onChange={(v) => setAll({ unit: v })} onBlur={() => state.points.forEach((_, i) => touch(`points.${i}.unit`))} />
        </>
      )}
      {state.points.length > 0 && <Text className='qjt-muted record-form__tip'>数值前的 ＋ 可点按改为 −（负值）。误差 = 示值 − 标称值。</Text>}
      {state.points.map((row, i) => {
        const p = `points.${i}`
                // A point is one reading: its four figures side by side, as on the paper record.
        return (
          <View key={i} className='record-form__group' id={`record-form-point-${i}`}>
            <View className='qjt-row record-form__group-head'>
              <Text className='record-form__group-title'>检定点 {i + 1}</Text>
              <Text className='qjt-link record-form__remove' id={`record-form-point-${i}-remove`} onClick={() => remove(i)}>
                删除
              </Text>
            </View>
            <View className='record-form__grid'>
              <DecimalRow path={`${p}.nominal`} label='标称值' signed suffix={row.unit} value={row.nominal} error={errorOf(`${p}.nominal`)} onChange={(v) => setPoint(i, { nominal: v })} onBlur={() => touch(`${p}.nominal`)} />
              <DecimalRow path={`${p}.indication`} label='示值' signed suffix={row.unit} value={row.indication} error={errorOf(`${p}.indication`)} onChange={(v) => setPoint(i, { indication: v })} onBlur={() => touch(`${p}.indication`)} />
              <DecimalRow path={`${p}.mpe`} label='允许误差 ±' suffix={row.unit} value={row.mpe} error={errorOf(`${p}.mpe`)} placeholder='例如 0.005' onChange={(v) => setPoint(i, { mpe: v })} onBlur={() => touch(`${p}.mpe`)} />
              <ErrorBox point={row} id={`record-form-point-${i}-preview`} />
            </View>
          </View>
        )
      })}
      {state.points.length < POINTS_MAX && (
        <Button className='qjt-btn qjt-btn--plain' id='record-form-point-add' onClick={() => update((s) => ({ ...s, points: [...s.points, blankPoint(s.points[s.points.length - 1])] }))}>
          + 添加检定点
        </Button>
      )}
      {done > 0 && (
        <View className={cx('record-form__summary', failed ? 'record-form__summary--fail' : 'record-form__summary--pass')} id='record-form-summary'>
          <Text className='record-form__summary-title'>{failed ? `${failed} 个检定点超差` : `已填 ${done} 个检定点，均在允许误差内`}</Text>
          <Text>误差为本机预算，保存后以系统计算结果为准。</Text>
        </View>
      )}
    </View>
  )
}
