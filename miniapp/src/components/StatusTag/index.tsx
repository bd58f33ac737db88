import { Text } from '@tarojs/components'
import type { InvitationStatus } from '@qjt/shared'
import { INVITATION_STATUS_LABELS } from '@qjt/shared'
import './index.scss'

export type Tone = 'primary' | 'success' | 'warning' | 'danger' | 'muted'

/** A status always shown as a word; the colour only repeats it. */
export default function StatusTag({ text, tone = 'muted' }: { text: string; tone?: Tone }) {
  return <Text className={`status-tag status-tag--${tone}`}>{text}</Text>
}

const INVITATION_TONES: Record<InvitationStatus, Tone> = {
  pending: 'primary',
  used: 'success',
  expired: 'muted',
  revoked: 'danger',
}

export function InvitationStatusTag({ status }: { status: InvitationStatus }) {
  return <StatusTag text={INVITATION_STATUS_LABELS[status] ?? status} tone={INVITATION_TONES[status] ?? 'muted'} />
}
