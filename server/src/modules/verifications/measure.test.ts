import type { MeasurementPointInput } from '@qjt/shared'
import { assess, measurePoint } from './measure'

const point = (nominal: string, indication: string, mpe: string, unit = 'g'): MeasurementPointInput => ({ nominal, indication, mpe, unit })

describe('a point’s error and verdict are exact at the MPE boundary', () => {
  // nominal, indication, MPE → error, passed
  const table: [string, string, string, string, boolean][] = [
    ['100', '100.5', '0.5', '0.5', true], // exactly at the MPE: passes
    ['100', '100.6', '0.5', '0.6', false], // one unit of the last decimal more: fails
    ['100', '99.5', '0.5', '-0.5', true], // negative, exactly at the MPE
    ['100', '99.4', '0.5', '-0.6', false], // negative, beyond it
    ['15.000', '15.005', '0.005', '0.005', true],
    ['15.000', '15.006', '0.005', '0.006', false],
    ['15.3', '15.0', '0.3', '-0.3', true], // floats say −0.3000000000000007 and would fail it
    ['0.1', '0.3', '0.2', '0.2', true], // floats say 0.19999999999999998 … or 0.20000000000000004
    ['-10', '-10.000001', '0.000001', '-0.000001', true],
    ['-10', '-10.000002', '0.000001', '-0.000002', false],
    ['999999999.999999', '-999999999.999999', '0.000001', '-1999999999.999998', false],
    ['5', '5', '0.1', '0', true],
    ['5.00', '5.0', '0.1', '0.00', true], // at the finer resolution of the two
    ['-0', '0', '0.1', '0', true],
  ]
  it.each(table)('标称值 %s, 示值 %s, MPE ±%s → error %s, passed %s', (nominal, indication, mpe, error, passed) => {
    expect(measurePoint(point(nominal, indication, mpe))).toMatchObject({ error, passed })
  })
})

describe('the conclusion follows from the data and cannot contradict it', () => {
  const ok = { passed: true }
  const table: [string, MeasurementPointInput[], { passed: boolean; reason?: string }, 'pass' | 'fail', string[]][] = [
    ['every point within its MPE', [point('100', '100.5', '0.5'), point('200', '199.5', '0.5')], ok, 'pass', []],
    [
      'the second point beyond its MPE',
      [point('100', '100.2', '0.5'), point('200', '200.6', '0.5')],
      ok,
      'fail',
      ['第2点 示值误差 +0.6 g 超过最大允许误差 ±0.5 g'],
    ],
    [
      'a negative error beyond its MPE, with a named item',
      [{ ...point('10', '9.97', '0.02', 'kg'), item: '偏载误差' }],
      ok,
      'fail',
      ['第1点 偏载误差 -0.03 kg 超过最大允许误差 ±0.02 kg'],
    ],
    ['points pass but the inspection failed', [point('100', '100', '0.5')], { passed: false, reason: '铭牌缺失' }, 'fail', ['外观检查不合格：铭牌缺失']],
    ['no points, inspection failed', [], { passed: false, reason: '显示屏损坏' }, 'fail', ['外观检查不合格：显示屏损坏']],
    [
      'both failed: every failure is listed',
      [point('100', '101', '0.5'), point('200', '200', '0.5'), point('500', '498.9', '1')],
      { passed: false, reason: '封印破损' },
      'fail',
      ['第1点 示值误差 +1 g 超过最大允许误差 ±0.5 g', '第3点 示值误差 -1.1 g 超过最大允许误差 ±1 g', '外观检查不合格：封印破损'],
    ],
  ]
  it.each(table)('%s', (_name, points, inspection, conclusion, failures) => {
    const outcome = assess(points, inspection)
    expect(outcome.conclusion).toBe(conclusion)
    expect(outcome.failures).toEqual(failures)
    // Whatever the input, a pass never carries a failed point and a fail always names something.
    expect(outcome.conclusion === 'pass').toBe(outcome.points.every((p) => p.passed) && inspection.passed)
  })
})
