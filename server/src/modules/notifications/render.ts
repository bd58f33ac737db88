import { formatChinaDateTime } from '@qjt/shared'
import { fitSubscribeValue } from '../../wechat/client'
import { EVENT_TEMPLATES, FIELD_LABELS, TEMPLATES, type TemplateChannel, type TemplateName } from './templates'
import type { NotificationIntent } from './intent'

/** Configured template ids per channel; null: that channel does not send this template. */
export type TemplateIds = Record<TemplateChannel, Record<TemplateName, string | null>>

type Facts = Pick<NotificationIntent, 'event' | 'fields' | 'at'>

const PLACEHOLDER = /\{(\w+)(?:\|([^}]*))?\}/g

function fill(text: string, facts: Facts): string {
  return text
    .replace(PLACEHOLDER, (_m, name: string, fallback: string | undefined) => {
      if (name === 'at') return formatChinaDateTime(facts.at)
      const raw = facts.fields[name]?.trim() ?? ''
      const value = raw === '' ? (fallback ?? '') : (FIELD_LABELS[name]?.[raw] ?? raw)
      return value
    })
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * The template id and data of one event for one channel, values fitted to their keys' rules;
 * null when that channel has no template configured for the event.
 */
export function renderTemplate(
  channel: TemplateChannel,
  facts: Facts,
  ids: TemplateIds,
): { templateId: string; data: Record<string, string> } | null {
  const use = EVENT_TEMPLATES[facts.event]
  const templateId = ids[channel][use.template]
  if (!templateId) return null
  const keys = TEMPLATES[channel][use.template].keys
  const data: Record<string, string> = {}
  for (const [slot, text] of Object.entries(use.slots)) {
    const key = keys[slot]
    if (!key) continue
    const value = fitSubscribeValue(key, fill(text, facts))
    // A trailing "：" left by an empty field reads as a mistake.
    const tidy = value.replace(/[：:]$/, '')
    if (tidy !== '') data[key] = tidy
  }
  return { templateId, data }
}

/** The subscribe templates the mini-program asks for, with the events each serves. */
export function subscribeTemplates(ids: TemplateIds) {
  const names = Object.keys(TEMPLATES.subscribe) as TemplateName[]
  return names.flatMap((name) => {
    const templateId = ids.subscribe[name]
    if (!templateId) return []
    const events = (Object.keys(EVENT_TEMPLATES) as (keyof typeof EVENT_TEMPLATES)[]).filter((e) => EVENT_TEMPLATES[e].template === name)
    return [{ name, templateId, title: TEMPLATES.subscribe[name].title, events }]
  })
}
