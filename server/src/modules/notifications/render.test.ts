import { NOTIFICATION_EVENTS } from '@qjt/shared'
import { dataProblem } from '../../wechat-standin/rules'
import { renderTemplate, type TemplateIds } from './render'

const ids: TemplateIds = {
  subscribe: { booking: 's-booking', task: 's-task', reminder: 's-reminder' },
  oa: { booking: 'o-booking', task: 'o-task', reminder: 'o-reminder' },
}
const at = new Date('2026-11-27T07:32:00Z')
const wide = {
  bookingNo: '2026112700001',
  status: 'accepted',
  date: '2026-12-03',
  mode: 'on_site',
  institutionName: '阿拉善盟检验检测中心、内蒙古自治区计量测试研究院、巴彦淖尔市计量检定所',
  reason: '器具出厂编号与铭牌不符，\n请核对后重新提交',
  unitName: '巴彦浩特示例农贸市场（南环路东侧第三排摊位）',
  count: '12 台',
}

describe('template data', () => {
  it.each(NOTIFICATION_EVENTS.flatMap((event) => (['subscribe', 'oa'] as const).map((channel) => [event, channel] as const)))(
    '%s by %s follows WeChat’s value rules, however long the facts',
    (event, channel) => {
      for (const fields of [wide, { bookingNo: '2026112700001' }]) {
        const rendered = renderTemplate(channel, { event, fields, at }, ids)
        expect(rendered).not.toBeNull()
        expect(dataProblem(Object.fromEntries(Object.entries(rendered!.data).map(([k, value]) => [k, { value }])))).toBeUndefined()
      }
    },
  )

  it('fills each key from the facts, in Chinese', () => {
    expect(renderTemplate('subscribe', { event: 'booking_accepted', fields: wide, at }, ids)).toEqual({
      templateId: 's-booking',
      data: {
        character_string1: '2026112700001',
        phrase2: '已受理',
        time3: '2026-11-27 15:32',
        thing4: '阿拉善盟检验检测中心、内蒙古自治区计量…',
        thing5: '检定日期 2026-12-03 现场检定',
      },
    })
    expect(renderTemplate('oa', { event: 'task_created', fields: wide, at }, ids)?.data).toMatchObject({ number3: '12', thing2: '巴彦浩特示例农贸市场（南环路东侧第三排…' })
    expect(renderTemplate('subscribe', { event: 'booking_returned', fields: { bookingNo: '1' }, at }, ids)?.data).toMatchObject({ thing5: '退回原因：请查看详情' })
  })

  it('is not rendered for a channel without a configured template', () => {
    expect(renderTemplate('oa', { event: 'booking_submitted', fields: wide, at }, { ...ids, oa: { booking: null, task: null, reminder: null } })).toBeNull()
  })
})
