import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { InstitutionView } from '@qjt/shared'
import { useCallback, useMemo, useState } from 'react'
import PageContainer from '@/components/PageContainer'
import StatusTag from '@/components/StatusTag'
import { useAsync } from '@/hooks/useAsync'
import { listInstitutions } from '@/services/api/reference'
import { useSession } from '@/services/session'
import { formatPhone } from '@/utils/format'
import './index.scss'

/** Whether an authorization for `area` (province, city or county code) reaches `county`. */
function covers(area: string, county: string): boolean {
  if (area.endsWith('0000')) return county.slice(0, 2) === area.slice(0, 2)
  if (area.endsWith('00')) return county.slice(0, 4) === area.slice(0, 4)
  return county === area
}

function servesRegion(inst: InstitutionView, county: string | undefined): boolean {
  return !!county && inst.authorizations.some((a) => covers(a.regionCode, county))
}

function call(phone: string) {
  void Taro.makePhoneCall({ phoneNumber: phone.replace(/[^\d-]/g, '') }).catch(() => undefined)
}

function InstitutionCard({ inst, local }: { inst: InstitutionView; local: boolean }) {
  // The last part of each name is enough: the full path repeats the same province and city.
  const areas = [...new Set(inst.authorizations.map((a) => a.regionName.split(' ').pop() ?? '').filter(Boolean))]
  return (
    <View className='qjt-card institution' id={`institution-${inst.id}`}>
      <View className='institution__head'>
        <Text className='institution__name'>{inst.name}</Text>
        {local && <StatusTag text='服务你的地区' tone='success' />}
      </View>
      <Text className='institution__line'>所在地：{inst.regionName || '—'}</Text>
      <Text className='institution__line' userSelect>
        地址：{inst.address || '—'}
      </Text>
      {areas.length > 0 && <Text className='institution__line qjt-muted'>负责地区：{areas.join('、')}</Text>}
      {inst.phone ? (
        <Button className='qjt-btn institution__call' id={`institution-call-${inst.id}`} onClick={() => call(inst.phone as string)}>
          拨打电话 {formatPhone(inst.phone)}
        </Button>
      ) : (
        <Text className='institution__line qjt-muted'>电话：暂无</Text>
      )}
    </View>
  )
}

export default function InstitutionsPage() {
  const { status, me } = useSession()
  const load = useCallback(() => listInstitutions(undefined, { toast: false }), [])
  const list = useAsync(load, status === 'signed_in')
  const [query, setQuery] = useState('')
  const county = me?.org?.regionCode

  const shown = useMemo(() => {
    const q = query.trim()
    const all = (list.data ?? []).filter((i) => !q || `${i.name}${i.regionName}${i.address}`.includes(q))
    // The institutions that serve the user's own county come first.
    return [...all].sort((a, b) => Number(servesRegion(b, county)) - Number(servesRegion(a, county)))
  }, [list.data, query, county])

  return (
    <PageContainer id='institutions'
      requireLogin
      loading={list.initialLoading}
      error={list.data ? null : list.error}
      onRetry={() => void list.reload()}
      empty={list.data && list.data.length === 0 ? { message: '暂时还没有检定机构的联系方式' } : null}
    >
      <Input
        className='qjt-input institutions__search'
        id='institutions-search-input'
        value={query}
        confirmType='search'
        placeholder='按机构名称或地区查找'
        placeholderClass='qjt-input-placeholder'
        onInput={(e) => setQuery(e.detail.value)}
      />
      {shown.map((inst) => (
        <InstitutionCard key={inst.id} inst={inst} local={servesRegion(inst, county)} />
      ))}
      {list.data && list.data.length > 0 && shown.length === 0 && (
        <Text className='qjt-muted institutions__none'>没有找到“{query.trim()}”，换个名称或地区试试。</Text>
      )}
    </PageContainer>
  )
}
