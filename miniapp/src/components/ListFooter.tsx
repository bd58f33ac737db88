import { Button, Text, View } from '@tarojs/components'

/** The end of a paged list: a 加载更多 button (scrolling also loads), or how many there are. */
export default function ListFooter(props: { id: string; hasMore: boolean; loadingMore: boolean; total: number; unit: string; onMore: () => void }) {
  return (
    <View className='list-footer'>
      {props.hasMore ? (
        <Button className='qjt-btn qjt-btn--plain' id={props.id} loading={props.loadingMore} onClick={props.onMore}>
          {props.loadingMore ? '正在加载…' : '加载更多'}
        </Button>
      ) : (
        <Text className='qjt-muted'>
          共 {props.total} {props.unit}
        </Text>
      )}
    </View>
  )
}
