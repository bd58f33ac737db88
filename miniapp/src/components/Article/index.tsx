import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import StatusTag from '@/components/StatusTag'
import './index.scss'

export interface ArticleSection {
  id: string
  title: string
  /** Shown as a tag next to the title, e.g. 即将上线. */
  badge?: string
  paragraphs?: string[]
  steps?: string[]
  items?: { term: string; text: string }[]
}

/** Long-form help text (manual, privacy guide) laid out for reading on a phone. */
export default function Article({ title, intro, sections, footer }: { title: string; intro?: string; sections: ArticleSection[]; footer?: ReactNode }) {
  return (
    <View className='article'>
      <Text className='article__title'>{title}</Text>
      {intro && <Text className='article__intro'>{intro}</Text>}
      {sections.map((s) => (
        <View key={s.id} className='qjt-card article__section' id={`section-${s.id}`}>
          <View className='article__head'>
            <Text className='article__h'>{s.title}</Text>
            {s.badge && <StatusTag text={s.badge} tone='warning' />}
          </View>
          {s.paragraphs?.map((p) => (
            <Text key={p} className='article__p'>
              {p}
            </Text>
          ))}
          {s.steps && (
            <View className='article__steps'>
              {s.steps.map((step, i) => (
                <View key={step} className='article__step'>
                  <Text className='article__step-no'>{i + 1}</Text>
                  <Text className='article__step-text'>{step}</Text>
                </View>
              ))}
            </View>
          )}
          {s.items?.map((it) => (
            <View key={it.term} className='article__item'>
              <Text className='article__term'>{it.term}</Text>
              <Text className='article__p'>{it.text}</Text>
            </View>
          ))}
        </View>
      ))}
      {footer}
    </View>
  )
}
