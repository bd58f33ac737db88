import { Input, Text, View } from '@tarojs/components'
import {
  chinaToday,
  addDays,
  DELIVERY_MODE_LABELS,
  INSTRUMENT_FIELD_LABELS as L,
  INSTRUMENT_KIND_LABELS,
  INSTRUMENT_LIMITS,
  ORIGIN_LABELS,
  USAGE_LABELS,
} from '@qjt/shared'
import { useRef, type ReactNode } from 'react'
import CataloguePicker from '@/components/CataloguePicker'
import ChoiceChips, { choicesOf } from '@/components/ChoiceChips'
import DateField from '@/components/DateField'
import FormField from '@/components/FormField'
import RegionPicker from '@/components/RegionPicker'

/** The fields the single and the batch form share (the batch numbers serials itself). */
export const COMMON_FIELDS = [
  'name',
  'kind',
  'level1Code',
  'level2Code',
  'model',
  'range',
  'accuracyClass',
  'manufacturer',
  'origin',
  'quantity',
  'purchasedAt',
  'usage',
  'regionCode',
  'location',
  'deliveryMode',
  'validUntil',
  'certificateNo',
  'institutionName',
] as const
export type CommonField = (typeof COMMON_FIELDS)[number]

/** Names shown for codes the form holds (region, catalogue), kept with a draft. */
export interface FieldNames {
  region: string[]
  catalogue: string[]
}

export interface FieldsProps {
  /** Prefix of every id: `${idPrefix}-${field}-input`, `${idPrefix}-${field}-error`. */
  idPrefix: string
  values: Record<CommonField, string>
  errors: Partial<Record<CommonField, string>>
  setValue: (name: CommonField, value: string) => void
  setError: (name: CommonField, message: string | null) => void
  touch: (name: CommonField) => void
  names: FieldNames
  onNames: (names: FieldNames) => void
  /** Why 目录 and 使用地点 cannot change now (an open booking); null when they can. */
  placeLocked?: string | null
  /** 出厂编号, or the batch's 起始出厂编号 and 数量. */
  serialSlot: ReactNode
  /** The batch form keeps one instrument per row. */
  hideQuantity?: boolean
  /** 有效期至 / 证书编号 / 检定机构 come from a certificate issued here: shown, not edited. */
  certificateLocked?: boolean
}

const USAGE_CHOICES = choicesOf(USAGE_LABELS)
const ORIGIN_CHOICES = choicesOf(ORIGIN_LABELS)
const DELIVERY_CHOICES = choicesOf(DELIVERY_MODE_LABELS)

/** The ledger form's fields in the national system's order, grouped into three cards. */
export default function InstrumentFields(p: FieldsProps) {
  const { idPrefix, values, errors } = p
  // A sheet closes right after its choice, before this render sees the new value.
  const picked = useRef({ catalogue: false, region: false })
  const fid = (f: string) => `${idPrefix}-${f}`

  const textField = (name: CommonField, opts: { required?: boolean; max: number; placeholder: string; hint?: string }) => (
    <FormField label={L[name as keyof typeof L] ?? name} required={opts.required} error={errors[name]} id={fid(name)} hint={opts.hint}>
      <Input
        className='qjt-input'
        id={`${fid(name)}-input`}
        value={values[name]}
        maxlength={opts.max}
        placeholder={opts.placeholder}
        placeholderClass='qjt-input-placeholder'
        onInput={(e) => p.setValue(name, e.detail.value)}
        onBlur={() => p.touch(name)}
      />
    </FormField>
  )

  const choice = (name: 'usage' | 'origin' | 'deliveryMode', options: { value: string; label: string }[], hint?: string) => (
    <FormField label={L[name]} required error={errors[name]} id={fid(name)} hint={hint}>
      <ChoiceChips
        id={`${fid(name)}-input`}
        options={options}
        value={values[name]}
        onChange={(v) => {
          p.setValue(name, v)
          p.setError(name, null)
        }}
      />
    </FormField>
  )

  const catalogue =
    values.level2Code && values.level1Code ? { level1Code: values.level1Code, level2Code: values.level2Code, names: p.names.catalogue } : null
  const region = values.regionCode ? { code: values.regionCode, names: p.names.region } : null
  const today = chinaToday()

  return (
    <>
      <View className='qjt-card'>
        <Text className='qjt-section-title'>器具信息</Text>
        {textField('name', { required: true, max: INSTRUMENT_LIMITS.name, placeholder: '例如：电子计价秤', hint: '与铭牌或说明书一致' })}
        <FormField
          label='一级目录 / 二级目录'
          required
          error={errors.level2Code ?? errors.level1Code}
          id={fid('level2Code')}
          hint={p.placeLocked ?? '按《实施强制管理的计量器具目录》选择，决定由哪家检定机构检定'}
        >
          <CataloguePicker
            id={`${fid('level2Code')}-input`}
            value={catalogue}
            lockedReason={p.placeLocked}
            onChange={(c) => {
              picked.current.catalogue = true
              p.onNames({ ...p.names, catalogue: c.names })
              p.setValue('level1Code', c.level1Code)
              p.setValue('level2Code', c.level2Code)
              p.setError('level1Code', null)
              p.setError('level2Code', null)
            }}
            onClose={() => {
              if (!values.level2Code && !picked.current.catalogue) p.touch('level2Code')
            }}
          />
        </FormField>
        <FormField label={L.kind} required id={fid('kind')}>
          <View className='qjt-input qjt-input--locked'>
            <Text>{INSTRUMENT_KIND_LABELS.working}</Text>
          </View>
        </FormField>
        {textField('model', { max: INSTRUMENT_LIMITS.model, placeholder: '例如：ACS-30' })}
        {textField('range', { max: INSTRUMENT_LIMITS.range, placeholder: '例如：(0~30)kg' })}
        {textField('accuracyClass', { max: INSTRUMENT_LIMITS.accuracyClass, placeholder: '例如：Ⅲ级' })}
        {p.serialSlot}
        {textField('manufacturer', { max: INSTRUMENT_LIMITS.manufacturer, placeholder: '生产厂家名称' })}
        {choice('origin', ORIGIN_CHOICES)}
        {!p.hideQuantity && (
          <FormField label={L.quantity} required error={errors.quantity} id={fid('quantity')} hint='同一型号、同一出厂编号登记为一条时填写台数'>
            <Input
              className='qjt-input'
              id={`${fid('quantity')}-input`}
              type='number'
              value={values.quantity}
              maxlength={4}
              placeholder='1'
              placeholderClass='qjt-input-placeholder'
              onInput={(e) => p.setValue('quantity', e.detail.value.replace(/\D/g, ''))}
              onBlur={() => p.touch('quantity')}
            />
          </FormField>
        )}
        <FormField label={L.purchasedAt} error={errors.purchasedAt} id={fid('purchasedAt')}>
          <DateField
            id={`${fid('purchasedAt')}-input`}
            title='选择购置时间'
            min='1980-01-01'
            max={today}
            clearable
            value={values.purchasedAt}
            onChange={(v) => {
              p.setValue('purchasedAt', v)
              p.setError('purchasedAt', null)
            }}
          />
        </FormField>
      </View>

      <View className='qjt-card'>
        <Text className='qjt-section-title'>使用信息</Text>
        {choice('usage', USAGE_CHOICES, '用于以上四种用途的器具才需要强制检定')}
        <FormField label={L.regionCode} required error={errors.regionCode} id={fid('regionCode')} hint={p.placeLocked ?? '器具实际使用的区县，默认是本单位所在区县'}>
          {p.placeLocked ? (
            <View className='qjt-input qjt-input--locked' id={`${fid('regionCode')}-input`}>
              <Text>{p.names.region.join(' / ') || values.regionCode}</Text>
            </View>
          ) : (
            <RegionPicker
              id={`${fid('regionCode')}-input`}
              value={region}
              onChange={(c) => {
                picked.current.region = true
                p.onNames({ ...p.names, region: c.names })
                p.setValue('regionCode', c.code)
                p.setError('regionCode', null)
              }}
              onClose={() => {
                if (!values.regionCode && !picked.current.region) p.touch('regionCode')
              }}
            />
          )}
        </FormField>
        {textField('location', { required: true, max: INSTRUMENT_LIMITS.location, placeholder: '例如：一号摊位、加油岛2号枪' })}
        {choice('deliveryMode', DELIVERY_CHOICES, '送检：送到检定机构；现场检定：检定人员上门')}
      </View>

      {p.certificateLocked ? (
        <View className='qjt-card' id={fid('certificate')}>
          <Text className='qjt-section-title'>检定信息</Text>
          <Text className='qjt-muted ledger-fields__note'>由本平台出具的检定证书自动更新，不能手工修改。</Text>
          <Text className='ledger-fields__fixed'>
            {L.validUntil}：{values.validUntil || '—'}
          </Text>
          <Text className='ledger-fields__fixed'>
            {L.certificateNo}：{values.certificateNo || '—'}
          </Text>
          <Text className='ledger-fields__fixed'>
            {L.institutionName}：{values.institutionName || '—'}
          </Text>
        </View>
      ) : (
        <View className='qjt-card'>
          <Text className='qjt-section-title'>上次检定（如有）</Text>
          <Text className='qjt-muted ledger-fields__note'>已有纸质检定证书的，填写后到期前会提醒你送检。</Text>
          <FormField label={L.validUntil} error={errors.validUntil} id={fid('validUntil')}>
            <DateField
              id={`${fid('validUntil')}-input`}
              title='选择有效期至'
              min='2000-01-01'
              max={addDays(today, 366 * 10)}
              clearable
              value={values.validUntil}
              onChange={(v) => {
                p.setValue('validUntil', v)
                p.setError('validUntil', null)
              }}
            />
          </FormField>
          {textField('certificateNo', { max: INSTRUMENT_LIMITS.certificateNo, placeholder: '检定证书上的证书编号' })}
          {textField('institutionName', { max: INSTRUMENT_LIMITS.institutionName, placeholder: '出具证书的检定机构' })}
        </View>
      )}
    </>
  )
}
