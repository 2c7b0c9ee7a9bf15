export {
  type AccessAction,
  type AccessEntry,
  accessesOf,
  logAccess,
  purgeAccessLog,
  verifyAccessLog,
} from './access-log.ts'
export { accessReview, isAfterHours, monthRange } from './review.ts'
export { audit, purgeAuditTrail } from './trail.ts'
