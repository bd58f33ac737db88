import type { RouteDef } from './core/route'
import { authRoutes } from './modules/auth/routes'
import { organizationRoutes } from './modules/organizations/routes'
import { referenceRoutes } from './modules/reference/routes'
import { instrumentRoutes } from './modules/instruments/routes'

/** Every route under /api/v1, in one list: the router, the OpenAPI document and the access test read it. */
export const apiRoutes: RouteDef[] = [...authRoutes, ...organizationRoutes, ...referenceRoutes, ...instrumentRoutes]
