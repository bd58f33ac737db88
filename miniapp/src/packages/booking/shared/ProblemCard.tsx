import { Button, Text, View } from '@tarojs/components'
import type { Problem } from './problems'

/** A refusal the user has to read: in full, in red, with the way forward. */
export default function ProblemCard({ problem, id, onReload }: { problem: Problem; id: string; onReload?: () => void }) {
  return (
    <View className='booking-problem' id={id}>
      <Text className='booking-problem__title'>{problem.title}</Text>
      <Text className='booking-problem__text' id={`${id}-message`}>
        {problem.message}
      </Text>
      {problem.kind === 'stale' && onReload ? (
        <>
          <Text className='booking-problem__text'>有人在你之后改动了这个预约单。重新加载后会显示最新内容，再按需操作。</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id={`${id}-reload`} onClick={onReload}>
            重新加载
          </Button>
        </>
      ) : null}
      {problem.kind === 'rule' && (
        <Text className='booking-problem__hint'>可以删除这些器具后再提交，或到台账核对器具的使用地点行政区划和二级目录。</Text>
      )}
    </View>
  )
}
