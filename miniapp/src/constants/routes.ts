/** Every page path in one place, so a renamed page breaks the type check, not a tap. */
export const ROUTES = {
  home: '/pages/index/index',
  ledger: '/pages/ledger/index',
  bookings: '/pages/bookings/index',
  mine: '/pages/mine/index',
  login: '/packages/account/login/index',
  register: '/packages/account/register/index',
  join: '/packages/account/join/index',
  invite: '/packages/account/invite/index',
  members: '/packages/account/members/index',
  consult: '/packages/help/consult/index',
  faq: '/packages/help/faq/index',
  manual: '/packages/help/manual/index',
  institutions: '/packages/help/institutions/index',
  privacy: '/packages/help/privacy/index',
  assistant: '/packages/help/assistant/index',
  instrumentForm: '/packages/ledger/form/index',
  instrumentBulk: '/packages/ledger/bulk/index',
  instrumentDetail: '/packages/ledger/detail/index',
  instrumentImport: '/packages/ledger/import/index',
  bookingEdit: '/packages/booking/edit/index',
  bookingDetail: '/packages/booking/detail/index',
  taskQueue: '/packages/tasks/index',
  taskDetail: '/packages/tasks/detail/index',
  messages: '/packages/messages/index',
  recordQueue: '/packages/records/index',
  recordForm: '/packages/records/form/index',
  recordDetail: '/packages/records/detail/index',
  certificates: '/packages/certificates/index',
  certificateDetail: '/packages/certificates/detail/index',
  /** The public check a certificate's QR code opens; the H5 router also answers `#/verify`. */
  verify: '/packages/verify/index',
  oversight: '/packages/oversight/index',
  overdue: '/packages/oversight/overdue/index',
} as const

export type Route = (typeof ROUTES)[keyof typeof ROUTES]

export const TAB_ROUTES: readonly string[] = [ROUTES.home, ROUTES.ledger, ROUTES.bookings, ROUTES.mine]
