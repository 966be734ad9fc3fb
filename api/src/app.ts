import Koa from 'koa'
import type { App, AppContextExt, AppState } from './http/context.ts'
import type { Deps } from './core/context.ts'
import type { ApiRoutes } from './http/route.ts'
import { jsonBody } from './http/middleware/body.ts'
import { clientAddress } from './http/middleware/clientAddress.ts'
import { compress } from './http/middleware/compress.ts'
import { errorHandler } from './http/middleware/errorHandler.ts'
import { requestId } from './http/middleware/requestId.ts'
import { requestLog } from './http/middleware/requestLog.ts'
import { cors, securityHeaders } from './http/middleware/security.ts'
import { servePortal } from './http/middleware/static.ts'
import { auditRoutes } from './modules/audit/audit.routes.ts'
import { authRoutes } from './modules/auth/auth.routes.ts'
import { calendarRoutes } from './modules/calendar/calendar.routes.ts'
import { householdRoutes } from './modules/households/household.routes.ts'
import { identityRoutes } from './modules/identity/identity.routes.ts'
import { leaveRoutes } from './modules/leaves/leave.routes.ts'
import { meRoutes } from './modules/me/me.routes.ts'
import { messageRoutes } from './modules/messages/message.routes.ts'
import { bookingRoutes } from './modules/bookings/booking.routes.ts'
import { reportRoutes } from './modules/reports/report.routes.ts'
import { noticeRoutes } from './modules/notices/notice.routes.ts'
import { open311AdminRoutes } from './modules/open311/open311.admin.routes.ts'
import { open311Facade } from './modules/open311/open311.routes.ts'
import { paymentNotify, paymentRoutes } from './modules/payments/payment.routes.ts'
import { regionRoutes } from './modules/regions/region.routes.ts'
import { categoryRoutes } from './modules/reports/category.routes.ts'
import { residentRoutes } from './modules/residents/resident.routes.ts'
import { systemRoutes } from './modules/system/system.routes.ts'
import { uploadRoutes } from './modules/uploads/upload.routes.ts'
import { userRoutes } from './modules/users/user.routes.ts'
import { visitRoutes } from './modules/visits/visit.routes.ts'
import { reportStatsRoutes } from './modules/reports/report.stats.routes.ts'
import { serviceRoutes } from './modules/services/service.routes.ts'
import { electionRoutes } from './modules/elections/election.routes.ts'
import { consultationOutcomeRoutes } from './modules/consultations/consultation.outcome.routes.ts'
import { consultationRoutes } from './modules/consultations/consultation.routes.ts'
import { electionBallotRoutes } from './modules/elections/election.ballot.routes.ts'
import { disclosureRoutes } from './modules/disclosures/disclosure.routes.ts'

export const VERSION = '0.1.0'

/** Overrides of the config for one app (tests). */
export type AppOptions = { corsOrigins?: string[] }

/** Composes middleware and module routers into the Koa app. It does not listen. */
export function createApp(deps: Deps, opts: AppOptions = {}): App {
  const app: App = new Koa<AppState, AppContextExt>({ proxy: false })
  app.context.deps = deps
  app.silent = true

  const modules: ApiRoutes[] = [
    authRoutes(deps.config), meRoutes(), regionRoutes(), householdRoutes(), residentRoutes(), auditRoutes(),
    noticeRoutes(deps), messageRoutes(), uploadRoutes(), userRoutes(), identityRoutes(), visitRoutes(), reportStatsRoutes(),
    calendarRoutes(), categoryRoutes(), leaveRoutes(), reportRoutes(deps), open311AdminRoutes(), bookingRoutes(), paymentRoutes(), serviceRoutes(),
    electionRoutes(),
    electionBallotRoutes(),
    disclosureRoutes(),
    consultationRoutes(),
    consultationOutcomeRoutes(),
  ]
  const system = systemRoutes(() => [...system.docs, ...modules.flatMap((m) => m.docs)], VERSION)

  app.use(requestId())
  app.use(clientAddress())
  app.use(requestLog())
  app.use(securityHeaders())
  app.use(compress())
  app.use(errorHandler())
  const corsOrigins = opts.corsOrigins ?? deps.config.corsOrigins
  if (corsOrigins.length) app.use(cors(corsOrigins))
  if (deps.config.staticDir) app.use(servePortal(deps.config.staticDir))
  app.use(open311Facade())
  app.use(paymentNotify())
  app.use(jsonBody())
  for (const m of [system, ...modules]) app.use(m.router.routes()).use(m.router.allowedMethods())
  return app
}
