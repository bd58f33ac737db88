import { Button, Text, View } from '@tarojs/components'
import type { ImportReport } from '@qjt/shared'

/** Enough rows to fix a file by; the rest are counted, not listed (a phone is no spreadsheet). */
const SHOWN_ROWS = 200

function Stat({ id, label, value, tone }: { id: string; label: string; value: number; tone?: 'success' | 'danger' | 'warning' }) {
  return (
    <View className={`ledger-import__stat${tone ? ` ledger-import__stat--${tone}` : ''}`} id={id}>
      <Text className='ledger-import__stat-value'>{value}</Text>
      <Text className='ledger-import__stat-label'>{label}</Text>
    </View>
  )
}

/** What the import did, row by row where it did not. */
export default function Report({ report, onLedger, onAgain }: { report: ImportReport; onLedger: () => void; onAgain: () => void }) {
  const failed = report.failed ?? []
  const skipped = report.skippedInBooking ?? []
  const ok = failed.length === 0 && skipped.length === 0
  return (
    <View className='qjt-card' id='ledger-import-report'>
      <Text className='qjt-section-title'>{ok ? '导入完成' : '导入完成，有行没有导入'}</Text>
      <View className='ledger-import__stats'>
        <Stat id='ledger-import-created' label='新增' value={report.created} tone='success' />
        <Stat id='ledger-import-updated' label='更新' value={report.updated ?? 0} />
        <Stat id='ledger-import-unchanged' label='未变化' value={report.unchanged ?? 0} />
        {failed.length > 0 && <Stat id='ledger-import-failed-count' label='有错误' value={failed.length} tone='danger' />}
      </View>

      {failed.length > 0 && (
        <View className='ledger-import__rows' id='ledger-import-failed'>
          <Text className='ledger-import__rows-title ledger-import__rows-title--danger'>
            {failed.length} 行有错误，没有导入。请在表格里改正这些行后，再导入一次（已导入的行不会重复）。
          </Text>
          {failed.slice(0, SHOWN_ROWS).map((f) => (
            <View key={f.row} className='ledger-import__row' id={`ledger-import-row-${f.row}`}>
              <Text className='ledger-import__row-no'>第{f.row}行</Text>
              {f.errors.map((e, n) => (
                <Text key={`${e.column}-${n}`} className='ledger-import__row-error'>
                  {e.column ? `${e.column} — ${e.message}` : e.message}
                </Text>
              ))}
            </View>
          ))}
          {failed.length > SHOWN_ROWS && <Text className='qjt-muted'>还有 {failed.length - SHOWN_ROWS} 行有错误未列出。</Text>}
        </View>
      )}

      {skipped.length > 0 && (
        <View className='ledger-import__rows' id='ledger-import-skipped'>
          <Text className='ledger-import__rows-title'>
            {skipped.length} 行对应的器具在未完成的预约中，这些行没有修改。预约完成后可以再导入。
          </Text>
          {skipped.slice(0, SHOWN_ROWS).map((s) => (
            <Text key={s.row} className='ledger-import__row-error ledger-import__row-error--muted'>
              第{s.row}行：器具 {s.code}
            </Text>
          ))}
        </View>
      )}

      <Button className='qjt-btn' id='ledger-import-to-ledger' onClick={onLedger}>
        查看台账
      </Button>
      <Button className='qjt-btn qjt-btn--plain' id='ledger-import-again' onClick={onAgain}>
        导入另一个文件
      </Button>
    </View>
  )
}
