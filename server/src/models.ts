/**
 * Registers every mongoose model, so commands that build indexes (`db:indexes`, `seed`) and the
 * test setup see all collections, not only those the code they load happens to touch.
 * A new model file is added here.
 */
import './modules/auth/user.model'
import './modules/organizations/model'
import './modules/organizations/invitation.model'
import './modules/reference/catalogue.model'
import './modules/reference/authorization.model'
import './modules/reference/faq.model'
import './modules/instruments/model'
import './modules/instruments/audit.model'
import './modules/notifications/notification.model'
import './modules/notifications/outbox.model'
import './modules/notifications/grant.model'
import './modules/notifications/follower.model'
import './db/claims'
import './modules/bookings/model'
import './modules/certificates/model'
import './modules/reminders/model'
import './modules/verifications/model'
import './modules/certificates/lookup.model'
