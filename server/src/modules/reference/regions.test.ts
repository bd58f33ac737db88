import { AppError } from '../../core/errors'
import { ReferenceService } from './service'

const reference = new ReferenceService()

describe('regions', () => {
  it('lists provinces without a parent', () => {
    const provinces = reference.regions()
    expect(provinces.length).toBeGreaterThanOrEqual(31)
    expect(provinces).toContainEqual({ code: '150000', name: '内蒙古自治区', hasChildren: true })
  })

  it('lists the counties of 阿拉善盟, which have no children of their own', () => {
    const counties = reference.regions('152900')
    expect(counties).toContainEqual({ code: '152921', name: '阿拉善左旗', hasChildren: false })
    expect(counties.map((r) => r.code)).toEqual(expect.arrayContaining(['152921', '152922', '152923']))
    expect(reference.regions('152921')).toEqual([])
  })

  it('offers 东莞 (a city without counties) once as a city and once as its own county, which ends there', () => {
    expect(reference.regions('440000')).toContainEqual({ code: '441900', name: '东莞市', hasChildren: true })
    expect(reference.regions('441900')).toEqual([{ code: '441900', name: '东莞市', hasChildren: false }])
  })

  it('answers 404 for a division that does not exist', () => {
    let thrown: unknown
    try {
      reference.regions('159900')
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(AppError)
    expect(thrown).toMatchObject({ code: 'NOT_FOUND', status: 404, message: '行政区划不存在' })
  })
})
