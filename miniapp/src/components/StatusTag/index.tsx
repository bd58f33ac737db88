import { Text } from '@tarojs/components'
import type {
  BookingStatus,
  CertificateStatus,
  InstrumentStatus,
  InvitationStatus,
  RecordStatus,
  TaskStatus,
  VerifyResult,
  VerifyStatus,
} from '@qjt/shared'
import {
  BOOKING_STATUS_LABELS,
  CERTIFICATE_STATUS_LABELS,
  RECORD_STATUS_LABELS,
  INSTRUMENT_STATUS_LABELS,
  INVITATION_STATUS_LABELS,
  TASK_STATUS_LABELS,
  VERIFY_RESULT_LABELS,
  VERIFY_STATUS_LABELS,
} from '@qjt/shared'
import './index.scss'

export type Tone = 'primary' | 'success' | 'warning' | 'danger' | 'muted' | 'info' | 'draft'

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

/** One colour per status word, the same on every page. */
const INSTRUMENT_TONES: Record<InstrumentStatus, Tone> = {
  new: 'primary',
  in_use: 'success',
  disabled: 'warning',
  scrapped: 'muted',
}

const VERIFY_TONES: Record<VerifyStatus, Tone> = {
  unverified: 'muted',
  booked: 'primary',
  verifying: 'warning',
  verified: 'success',
}

export function InstrumentStatusTag({ status }: { status: InstrumentStatus }) {
  return <StatusTag text={INSTRUMENT_STATUS_LABELS[status] ?? status} tone={INSTRUMENT_TONES[status] ?? 'muted'} />
}

export function VerifyStatusTag({ status }: { status: VerifyStatus }) {
  return <StatusTag text={VERIFY_STATUS_LABELS[status] ?? status} tone={VERIFY_TONES[status] ?? 'muted'} />
}

export function VerifyResultTag({ result }: { result: VerifyResult }) {
  return <StatusTag text={VERIFY_RESULT_LABELS[result] ?? result} tone={result === 'pass' ? 'success' : 'danger'} />
}

/** A booking and its tasks share the words, so they share the colours (待受理 is 已提交 seen from the institution). */
const BOOKING_TONES: Record<BookingStatus, Tone> = {
  draft: 'draft',
  submitted: 'primary',
  accepted: 'info',
  returned: 'danger',
  in_progress: 'warning',
  completed: 'success',
  withdrawn: 'muted',
}

export function BookingStatusTag({ status, id }: { status: BookingStatus; id?: string }) {
  return (
    <Text className={`status-tag status-tag--${BOOKING_TONES[status] ?? 'muted'}`} id={id}>
      {BOOKING_STATUS_LABELS[status] ?? status}
    </Text>
  )
}

export function TaskStatusTag({ status, id }: { status: TaskStatus; id?: string }) {
  return (
    <Text className={`status-tag status-tag--${BOOKING_TONES[status] ?? 'muted'}`} id={id}>
      {TASK_STATUS_LABELS[status] ?? status}
    </Text>
  )
}

/** Where a verification record stands: waiting on the 核验员, the 批准人, back with the 检定员, or done. */
const RECORD_TONES: Record<RecordStatus, Tone> = {
  recorded: 'primary',
  checked: 'info',
  sent_back: 'danger',
  approved: 'success',
}

export function RecordStatusTag({ status, id }: { status: RecordStatus; id?: string }) {
  return (
    <Text className={`status-tag status-tag--${RECORD_TONES[status] ?? 'muted'}`} id={id}>
      {RECORD_STATUS_LABELS[status] ?? status}
    </Text>
  )
}

const CERTIFICATE_TONES: Record<CertificateStatus, Tone> = {
  valid: 'success',
  expired: 'warning',
  revoked: 'danger',
  superseded: 'muted',
}

export function CertificateStatusTag({ status, id }: { status: CertificateStatus; id?: string }) {
  return (
    <Text className={`status-tag status-tag--${CERTIFICATE_TONES[status] ?? 'muted'}`} id={id}>
      {CERTIFICATE_STATUS_LABELS[status] ?? status}
    </Text>
  )
}
