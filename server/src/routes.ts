import type { RouteDef } from './core/route'
import { authRoutes } from './modules/auth/routes'
import { organizationRoutes } from './modules/organizations/routes'
import { referenceRoutes } from './modules/reference/routes'
import { instrumentRoutes } from './modules/instruments/routes'
import { notificationRoutes } from './modules/notifications/routes'
import { instrumentExcelRoutes } from './modules/instruments/excel/routes'
import { bookingRoutes } from './modules/bookings/routes'
import { taskRoutes } from './modules/tasks/routes'
import { certificateRoutes } from './modules/certificates/routes'
import { statsRoutes } from './modules/stats/routes'
import { recordRoutes } from './modules/verifications/routes'

/** Every route under /api/v1, in one list: the router, the OpenAPI document and the access test read it. */
export const apiRoutes: RouteDef[] = [
  ...authRoutes,
  ...organizationRoutes,
  ...referenceRoutes,
  ...instrumentExcelRoutes,
  ...instrumentRoutes,
  ...bookingRoutes,
  ...taskRoutes,
  ...recordRoutes,
  ...notificationRoutes,
  ...certificateRoutes,
  ...statsRoutes,
]
