import { Text, View } from '@tarojs/components'
import { AUDIT_ACTION_LABELS, formatChinaDateTime, INSTRUMENT_FIELD_LABELS as L, type AuditEntryView } from '@qjt/shared'
import { useEffect, useState } from 'react'
import { loadCatalogue } from '@/components/CataloguePicker'
import { displayValue } from '../shared/labels'

/** The record's history, newest first: who did what when, and each field "from → to". */
export function Timeline({ entries, names }: { entries: AuditEntryView[]; names: Record<string, string> }) {
  if (!entries.length) return <Text className='qjt-muted'>暂无记录</Text>
  return (
    <View className='ledger-detail__timeline' id='ledger-detail-audit'>
      {entries.map((e) => (
        <View key={e.id} className='ledger-detail__event'>
          <View className='ledger-detail__dot' />
          <View className='ledger-detail__event-body'>
            <View className='ledger-detail__event-head'>
              <Text className='ledger-detail__event-action'>{AUDIT_ACTION_LABELS[e.action] ?? e.action}</Text>
              <Text className='qjt-muted'>{e.by.name || '系统'}</Text>
            </View>
            <Text className='qjt-muted ledger-detail__event-time'>{formatChinaDateTime(e.at)}</Text>
            {e.changes.map((c) => (
              <Text key={c.field} className='ledger-detail__change'>
                {c.label || (L as Record<string, string>)[c.field] || c.field}：{displayValue(c.field, c.from, names)} → {displayValue(c.field, c.to, names)}
              </Text>
            ))}
            {e.note && <Text className='ledger-detail__change'>{e.note}</Text>}
          </View>
        </View>
      ))}
    </View>
  )
}

/** Names for the 目录 codes that appear in the history (loaded only when some change needs them). */
export function useCatalogueNames(entries: AuditEntryView[] | undefined): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({})
  const needed = !!entries?.some((e) => e.changes.some((c) => c.field === 'level1Code' || c.field === 'level2Code'))
  useEffect(() => {
    if (!needed) return
    let live = true
    loadCatalogue()
      .then((items) => {
        const map: Record<string, string> = {}
        for (const item of items) {
          map[item.code] = item.name
          for (const k of item.children) map[k.code] = k.name
        }
        if (live) setNames(map)
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [needed])
  return names
}
