import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { chinaToday, RecordEditSchema, RecordInputSchema, type RecordView, type TaskView } from '@qjt/shared'
import { useCallback, useEffect, useMemo } from 'react'
import { loadCatalogue } from '@/components/CataloguePicker'
import PageContainer from '@/components/PageContainer'
import { useAsync } from '@/hooks/useAsync'
import { createRecord, getRecord, updateRecord } from '@/services/api/records'
import { getTask, type TaskItem } from '@/services/api/tasks'
import { ApiError } from '@/services/errors'
import { hasRole, useSession } from '@/services/session'
import { replace } from '@/utils/nav'
import {
  blankPoint,
  blankStandard,
  draftKeys,
  dropStaleEditDrafts,
  inputOf,
  loadDefaults,
  stateOfRecord,
  type RecordFormState,
} from '../shared/form'
import RecordForm, { detailUrl, type Subject } from './RecordForm'
import './index.scss'

/** The first kind's first regulation (检定规程) for the instrument's 二级目录. */
async function regulationFor(item: TaskItem): Promise<string> {
  const items = await loadCatalogue()
  for (const i of items) {
    for (const k of i.children) {
      if (item.level2Code ? k.code === item.level2Code : k.name === item.level2Name) return k.regulations[0] ?? ''
    }
  }
  return ''
}

function blankState(task: TaskView, item: TaskItem): RecordFormState {
  const today = chinaToday()
  const onSite = (task.mode ?? item.deliveryMode) === 'on_site'
  const defaults = loadDefaults()
  // Standards whose own certificate has run out are not offered again.
  const standards = (defaults?.standards ?? []).filter((s) => s.validUntil >= today)
  return {
    regulation: '',
    place: onSite ? item.location || task.unit.address : (task.institutionAddress ?? ''),
    temperature: '',
    humidity: '',
    otherEnv: '',
    standards: standards.length ? standards : [blankStandard()],
    points: [blankPoint()],
    inspectionPassed: null,
    inspectionReason: '',
    verifiedAt: task.scheduledDate && task.scheduledDate <= today ? task.scheduledDate : today,
  }
}

function NewRecord({ taskId, instrumentId }: { taskId: string; instrumentId: string }) {
  const load = useCallback(() => getTask(taskId, { toast: false }), [taskId])
  const task = useAsync<TaskView>(load)
  const t = task.data
  const item: TaskItem | undefined = t?.items.find((i) => i.instrumentId === instrumentId)
  const regulation = useMemo(() => (item ? regulationFor(item) : undefined), [item])
  const start = useMemo(() => (t && item ? blankState(t, item) : null), [t, item])

  if (!t || !item || !start) {
    const missing = t && !item ? new ApiError({ status: 404, code: 'INSTRUMENT_NOT_FOUND', message: '这个任务里没有这台器具' }) : null
    return <PageContainer id='record-form' loading={task.initialLoading} error={missing ?? task.error} onRetry={() => void task.reload()} />
  }
  if (item.record && item.record.status !== 'sent_back') {
    const id = item.record.id
    return (
      <PageContainer id='record-form'>
        <View className='qjt-card' id='record-form-exists'>
          <Text className='qjt-section-title'>这台器具已录入检定数据</Text>
          <Text className='qjt-muted'>记录正在核验或已批准，不能重复录入。</Text>
          <Button className='qjt-btn qjt-gap-top' id='record-form-open-existing' onClick={() => replace(detailUrl(id))}>
            查看检定记录
          </Button>
        </View>
      </PageContainer>
    )
  }
  const subject: Subject = {
    instrumentId,
    name: item.name,
    code: item.code,
    serialNo: item.serialNo,
    level2Name: item.level2Name,
    unitName: t.unit.name,
    bookingNo: t.bookingNo,
  }
  return (
    <RecordForm
      subject={subject}
      start={start}
      draftKey={draftKeys.create(taskId, instrumentId)}
      regulation={regulation}
      save={(s) => createRecord(taskId, RecordInputSchema.parse({ instrumentId, ...inputOf(s) }), { toast: false })}
    />
  )
}

function EditRecord({ id }: { id: string }) {
  const load = useCallback(() => getRecord(id, { toast: false }), [id])
  const record = useAsync<RecordView>(load)
  const r = record.data
  const start = useMemo(() => (r ? stateOfRecord(r) : null), [r])
  const key = r ? draftKeys.edit(r.id, r.version) : null

  useEffect(() => {
    if (r && key) dropStaleEditDrafts(r.id, key)
  }, [r, key])

  if (!r || !start || !key) return <PageContainer id='record-form' loading={record.initialLoading} error={record.error} onRetry={() => void record.reload()} />
  if (r.status !== 'sent_back' && r.status !== 'recorded') {
    return (
      <PageContainer id='record-form'>
        <View className='qjt-card' id='record-form-locked'>
          <Text className='qjt-section-title'>这条记录现在不能修改</Text>
          <Text className='qjt-muted'>已核验或已批准的记录不能再修改；需要更正时请批准人退回。</Text>
          <Button className='qjt-btn qjt-gap-top' id='record-form-to-detail' onClick={() => replace(detailUrl(r.id))}>
            查看检定记录
          </Button>
        </View>
      </PageContainer>
    )
  }
  const i = r.instrument
  const subject: Subject = { instrumentId: i.id, name: i.name, code: i.code, serialNo: i.serialNo, level2Name: i.level2Name, unitName: r.unitName, bookingNo: r.bookingNo }
  return (
    <RecordForm
      key={key}
      subject={subject}
      start={start}
      draftKey={key}
      recordId={r.id}
      save={(s) => updateRecord(r.id, RecordEditSchema.parse({ ...inputOf(s), version: r.version }), { toast: false })}
    />
  )
}

export default function RecordFormPage() {
  const { params } = useRouter()
  const { status, me } = useSession()
  const editId = params.id ?? ''

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: editId ? '修改检定数据' : '录入检定数据' }).catch(() => undefined)
  }, [editId])

  if (status !== 'signed_in' || !me) return <PageContainer id='record-form' requireLogin />
  if (me.org?.type !== 'institution' || !hasRole(me, 'inst_verifier')) {
    return (
      <PageContainer id='record-form'>
        <View className='qjt-card' id='record-form-not-verifier'>
          <Text className='qjt-muted'>只有检定机构的检定员可以录入检定数据。</Text>
        </View>
      </PageContainer>
    )
  }
  if (editId) return <EditRecord key={editId} id={editId} />
  const taskId = params.taskId ?? ''
  const instrumentId = params.instrumentId ?? ''
  if (!taskId || !instrumentId) {
    return <PageContainer id='record-form' error={new ApiError({ status: 404, code: 'TASK_NOT_FOUND', message: '没有指定检定任务和器具' })} />
  }
  return <NewRecord key={`${taskId}:${instrumentId}`} taskId={taskId} instrumentId={instrumentId} />
}
