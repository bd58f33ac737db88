import Decimal from 'decimal.js'
import type { MeasurementPointInput, VerifyResult } from '@qjt/shared'
import type { RecordPoint } from './model'

/**
 * The arithmetic of a verification, exact: values travel as decimal text and are computed with
 * decimal.js, so 15.3 − 15.0 is 0.3 and a point exactly at its MPE passes (floats would say
 * 0.3000000000000007 and fail it).
 */

const decimalsOf = (text: string) => text.split('.')[1]?.length ?? 0

/** 示值 − 标称值 at the finer resolution of the two, and whether |error| ≤ MPE. */
export function measurePoint(p: MeasurementPointInput): RecordPoint {
  const raw = new Decimal(p.indication).minus(new Decimal(p.nominal))
  const error = raw.isZero() ? new Decimal(0) : raw
  return {
    item: p.item ?? null,
    nominal: p.nominal,
    indication: p.indication,
    mpe: p.mpe,
    unit: p.unit,
    error: error.toFixed(Math.max(decimalsOf(p.nominal), decimalsOf(p.indication))),
    passed: error.abs().lte(new Decimal(p.mpe)),
  }
}

/** "+0.6", "-0.02", "0.0": how an error reads on a certificate. */
export function signed(error: string): string {
  return error.startsWith('-') || new Decimal(error).isZero() ? error : `+${error}`
}

export interface Outcome {
  points: RecordPoint[]
  conclusion: VerifyResult
  /** In words, for the record and the 检定结果通知书: which points and checks failed. */
  failures: string[]
}

/**
 * The conclusion follows from the data alone: any failed point or a failed inspection fails the
 * instrument. It is never an input, so it cannot contradict what was measured.
 */
export function assess(points: MeasurementPointInput[], inspection: { passed: boolean; reason?: string | null }): Outcome {
  const measured = points.map(measurePoint)
  const failures = measured.flatMap((p, i) =>
    p.passed ? [] : [`第${i + 1}点 ${p.item ?? '示值误差'} ${signed(p.error)} ${p.unit} 超过最大允许误差 ±${p.mpe} ${p.unit}`],
  )
  if (!inspection.passed) failures.push(`外观检查不合格：${inspection.reason ?? '未说明原因'}`)
  return { points: measured, conclusion: failures.length === 0 ? 'pass' : 'fail', failures }
}
