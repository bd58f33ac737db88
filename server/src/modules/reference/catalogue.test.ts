import shipped from '../../seed/data/catalogue.json'
import { AppError } from '../../core/errors'
import { CatalogueItem, CatalogueMeta } from './catalogue.model'
import { ReferenceService } from './service'

const reference = new ReferenceService()
const clone = <T>(v: T): T => structuredClone(v)

/** The shipped file with one change applied. */
function variant(change: (file: typeof shipped) => void) {
  const file = clone(shipped)
  change(file)
  return file
}

async function rejects(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

describe('catalogue', () => {
  beforeAll(async () => {
    await CatalogueItem.deleteMany({})
    await CatalogueMeta.deleteMany({})
  })

  it('loads the shipped file and reports what it created', async () => {
    const report = await reference.loadCatalogue(shipped, { origin: 'seed' })
    expect(report).toMatchObject({ items: 23, kinds: 23, updated: [], unchanged: [], kept: [], removedKinds: [] })
    expect(report.created).toHaveLength(23)
  })

  it('answers in the shape of api.md, in code order', async () => {
    const catalogue = await reference.catalogue()
    expect(catalogue).toHaveLength(23)
    expect(catalogue.map((i) => i.code)).toEqual([...catalogue.map((i) => i.code)].sort())
    expect(catalogue[0]).toEqual({
      code: '01',
      name: '非自动衡器',
      children: [
        {
          code: '0101',
          name: '非自动衡器',
          mode: 'periodic',
          periodMonths: 12,
          usageLimitMonths: null,
          regulations: ['JJG 539-2016', 'JJG 1204-2025 (试行, in force 2027-01-08)'],
        },
      ],
    })
    for (const item of catalogue) {
      expect(Object.keys(item).sort()).toEqual(['children', 'code', 'name'])
      for (const kind of item.children) {
        expect(Object.keys(kind).sort()).toEqual(['code', 'mode', 'name', 'periodMonths', 'regulations', 'usageLimitMonths'])
      }
    }
  })

  it('keeps unconfirmed values null and per-case usage limits as recorded', async () => {
    const kinds = new Map((await reference.catalogue()).flatMap((i) => i.children).map((k) => [k.code, k]))
    expect(kinds.get('0201')).toMatchObject({ mode: null, periodMonths: null, usageLimitMonths: null })
    expect(kinds.get('1001')).toMatchObject({ mode: 'periodic', periodMonths: null })
    expect(kinds.get('1901')).toMatchObject({ mode: null, periodMonths: 12 })
    expect(kinds.get('0701')).toMatchObject({ mode: 'initial_only_rotate', usageLimitMonths: { 'DN<=25': 72, '25<DN<=50': 48 } })
    expect(kinds.get('0601')!.regulations).toEqual([])
  })

  it('keeps the evidence and says the catalogue is partial', async () => {
    const item = await CatalogueItem.findOne({ code: '01' }).lean()
    expect(item).toMatchObject({ confidence: 'medium', supervision: '型式批准、强制检定', origin: 'seed' })
    expect(item!.sources.length).toBeGreaterThan(0)
    expect(item!.children[0]).toMatchObject({ nameConfirmed: false, examples: expect.arrayContaining(['台秤 (电子台秤)']) })
    expect(await reference.catalogueAbout()).toMatchObject({
      title: shipped.title,
      complete: false,
      purposes: ['贸易结算', '安全防护', '医疗卫生', '环境监测'],
      itemCount: 23,
      kindCount: 23,
    })
  })

  it('changes nothing when the same file is loaded again', async () => {
    const before = await CatalogueItem.find().sort({ code: 1 }).lean()
    const report = await reference.loadCatalogue(shipped, { origin: 'seed' })
    expect(report.unchanged).toHaveLength(23)
    expect(report.created.length + report.updated.length).toBe(0)
    const after = await CatalogueItem.find().sort({ code: 1 }).lean()
    expect(after.map((d) => d.updatedAt.getTime())).toEqual(before.map((d) => d.updatedAt.getTime()))
    expect(await CatalogueItem.countDocuments()).toBe(23)
  })

  it('finds a kind with its 一级目录, and null for an unknown code', async () => {
    expect(await reference.findKind('0401')).toEqual({
      level1Code: '04',
      level1Name: '燃油加油机',
      level2Code: '0401',
      level2Name: '燃油加油机',
      nameConfirmed: false,
      mode: 'periodic',
      periodMonths: 6,
      usageLimitMonths: null,
      regulations: ['JJG 443-2023 (试行)'],
    })
    expect(await reference.findKind('9999')).toBeNull()
    const many = await reference.findKinds(['0101', '0701', 'nope'])
    expect([...many.keys()].sort()).toEqual(['0101', '0701'])
    expect(await reference.kindCodes()).toHaveLength(23)
  })

  describe('an administrator import', () => {
    it('refuses a bad file as a whole, naming every problem, and writes nothing', async () => {
      const before = await CatalogueItem.find().sort({ code: 1 }).lean()
      const bad = variant((f) => {
        f.items[0]!.name = '改名'
        ;(f.items[1]!.children[0] as { mode: unknown }).mode = 'yearly'
        ;(f.items[2]!.children[0] as { periodMonths: unknown }).periodMonths = -3
      })
      const err = await rejects(reference.loadCatalogue(bad))
      expect(err.code).toBe('VALIDATION_FAILED')
      expect(err.details!.map((d) => d.path)).toEqual(['items.1.children.0.mode', 'items.2.children.0.periodMonths'])
      expect(await CatalogueItem.find().sort({ code: 1 }).lean()).toEqual(before)
    })

    it('refuses repeated codes and a kind moving to another 一级目录', async () => {
      const repeated = variant((f) => {
        f.items[1]!.children[0]!.code = '0101'
      })
      const err = await rejects(reference.loadCatalogue(repeated))
      expect(err.details!.map((d) => d.message).join('\n')).toMatch(/0101 重复/)

      const moved = variant((f) => {
        ;(f.items[1]!.children as unknown[]).push(f.items[0]!.children[0]!)
        f.items[0]!.children[0] = { ...f.items[0]!.children[0]!, code: '0102' }
      })
      const err2 = await rejects(reference.loadCatalogue(moved))
      expect(err2.details!.map((d) => d.message).join('\n')).toMatch(/0101 属于一级目录 01.*不能移到 02/)
    })

    it('refuses to drop an existing kind unless told to', async () => {
      const dropped = variant((f) => {
        f.items[0]!.children[0] = { ...f.items[0]!.children[0]!, code: '0102' }
      })
      const err = await rejects(reference.loadCatalogue(dropped))
      expect(err.message).toMatch(/0101/)
      expect(await reference.findKind('0101')).not.toBeNull()
    })

    it('updates changed items, adds new ones, keeps codes, and wins over the seed afterwards', async () => {
      const edited = variant((f) => {
        f.complete = true
        f.items[3]!.children[0]!.periodMonths = 12
        f.items.push({
          code: '24',
          name: '新增一级目录',
          supervision: null,
          scope: null,
          confidence: 'low',
          sources: ['https://example.org/source'],
          notes: 'test',
          children: [
            {
              code: '2401',
              name: '新增二级目录',
              nameConfirmed: true,
              mode: 'initial_only_scrap',
              periodMonths: null,
              usageLimitMonths: null,
              regulations: [],
              examples: [],
            },
          ],
        } as (typeof f.items)[number])
      })
      const report = await reference.loadCatalogue(edited)
      expect(report.created).toEqual(['24'])
      // Every item now belongs to the administrator, changed or not.
      expect(report.updated).toHaveLength(23)
      expect((await reference.findKind('0401'))!.periodMonths).toBe(12)
      expect((await reference.findKind('2401'))!.mode).toBe('initial_only_scrap')
      expect((await reference.catalogueAbout()).complete).toBe(true)

      const reseed = await reference.loadCatalogue(shipped, { origin: 'seed' })
      expect(reseed.kept).toHaveLength(23)
      expect(reseed.notInFile).toEqual(['24'])
      expect((await reference.findKind('0401'))!.periodMonths).toBe(12)
      expect((await reference.catalogueAbout()).complete).toBe(true)

      const again = await reference.loadCatalogue(edited)
      expect(again.unchanged).toHaveLength(24)
    })
  })
})
