import { Text, View } from '@tarojs/components'
import type { PointView, SignatureView } from '@qjt/shared'
import type { ReactNode } from 'react'
import { cx } from '@/utils/cx'
import { formatDateTime, formatSigned } from '@/utils/format'
import './index.scss'

/** One label–value line of a record or a certificate. */
export function Fact({ label, children, id }: { label: string; children: ReactNode; id?: string }) {
  return (
    <View className='vdata__fact' id={id}>
      <Text className='vdata__fact-label'>{label}</Text>
      <View className='vdata__fact-value'>{children}</View>
    </View>
  )
}

/**
 * The measured points as the certificate's inner page lists them: nominal, indication, the
 * error, the permitted error and whether the point passed (in words, not colour alone).
 */
export function PointsTable({ points, id }: { points: PointView[]; id?: string }) {
  if (!points.length) return <Text className='qjt-muted'>没有测量点（外观检查不合格）</Text>
  const units = new Set(points.map((p) => p.unit))
  const oneUnit = units.size === 1 ? points[0]?.unit : null
  const withUnit = (v: string, unit: string) => (oneUnit ? v : `${v} ${unit}`)
  return (
    <View className='vdata__table' id={id}>
      {oneUnit && <Text className='vdata__table-unit'>单位：{oneUnit}</Text>}
      <View className='vdata__row vdata__row--head'>
        <Text className='vdata__cell vdata__cell--n'>#</Text>
        <Text className='vdata__cell'>标称值</Text>
        <Text className='vdata__cell'>示值</Text>
        <Text className='vdata__cell'>误差</Text>
        <Text className='vdata__cell'>允许误差</Text>
        <Text className='vdata__cell vdata__cell--result'>结果</Text>
      </View>
      {points.map((p, i) => (
        <View key={i} className={cx('vdata__row', { 'vdata__row--fail': !p.passed })} id={id ? `${id}-${i}` : undefined}>
          {p.item && <Text className='vdata__item'>{p.item}</Text>}
          <Text className='vdata__cell vdata__cell--n'>{i + 1}</Text>
          <Text className='vdata__cell'>{withUnit(p.nominal, p.unit)}</Text>
          <Text className='vdata__cell'>{withUnit(p.indication, p.unit)}</Text>
          <Text className='vdata__cell vdata__cell--strong'>{withUnit(formatSigned(p.error), p.unit)}</Text>
          <Text className='vdata__cell'>±{withUnit(p.mpe, p.unit)}</Text>
          <Text className={cx('vdata__cell vdata__cell--result', p.passed ? 'vdata__pass' : 'vdata__fail')}>{p.passed ? '合格' : '超差'}</Text>
        </View>
      ))}
    </View>
  )
}

export function StandardsList({ standards }: { standards: { name: string; certificateNo: string; validUntil: string }[] }) {
  return (
    <View>
      {standards.map((s, i) => (
        <View key={i} className='vdata__standard'>
          <Text className='vdata__standard-name'>{s.name}</Text>
          <Text className='qjt-muted'>
            证书编号 {s.certificateNo} · 有效期至 {s.validUntil}
          </Text>
        </View>
      ))}
    </View>
  )
}

function Signature({ role, sign, waiting, id }: { role: string; sign: SignatureView | null; waiting: string; id: string }) {
  return (
    <View className={cx('vdata__sign', { 'vdata__sign--waiting': !sign })} id={id}>
      <Text className='vdata__sign-role'>{role}</Text>
      {sign ? (
        <View className='vdata__sign-body'>
          <Text className='vdata__sign-name'>{sign.name || '（未填姓名）'}</Text>
          <Text className='qjt-muted'>{formatDateTime(sign.at)} 签名</Text>
        </View>
      ) : (
        <Text className='vdata__sign-body qjt-muted'>{waiting}</Text>
      )}
    </View>
  )
}

/** 检定员 · 核验员 · 批准人: who signed and when, or who is still to sign. */
export function Signatures(p: { verifier: SignatureView; checker: SignatureView | null; approver: SignatureView | null; idPrefix: string }) {
  return (
    <View className='vdata__signs'>
      <Signature role='检定员' sign={p.verifier} waiting='' id={`${p.idPrefix}-sign-verifier`} />
      <Signature role='核验员' sign={p.checker} waiting='待核验' id={`${p.idPrefix}-sign-checker`} />
      <Signature role='批准人' sign={p.approver} waiting='待批准' id={`${p.idPrefix}-sign-approver`} />
    </View>
  )
}

/** 温度 20.5 °C · 相对湿度 55 %RH, and anything else the verifier noted. */
export function environmentText(e: { temperature: string; humidity: string; other: string | null }): string {
  const base = `温度 ${formatSigned(e.temperature).replace(/^\+/, '')} °C · 相对湿度 ${e.humidity} %RH`
  return e.other ? `${base} · ${e.other}` : base
}
