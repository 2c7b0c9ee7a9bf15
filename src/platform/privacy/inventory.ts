/**
 * Minimum collection, accounted for: every column that can hold personal data, with why we collect it
 * and how long it is kept. A test fails when a table gains such a column without an entry here, and
 * when a phone number, address or date of birth is stored without encryption.
 */
export interface PersonalField {
  purpose: string
  retention: string
  /** Stored encrypted (AES-256-GCM, key id in the value) or only as a keyed hash. */
  protectedAtRest: boolean
}

export const PERSONAL_DATA: Record<string, PersonalField> = {
  'persons.name': {
    purpose: 'Address the person and find their record by name + birth date',
    retention: '3 years after last activity, or erasure',
    protectedAtRest: false,
  },
  'persons.phone_enc': {
    purpose: 'Verification codes and replies by text message',
    retention: '3 years after last activity, or erasure',
    protectedAtRest: true,
  },
  'persons.phone_hash': {
    purpose: 'Exact lookup of a phone number without decrypting',
    retention: 'as persons.phone_enc',
    protectedAtRest: true,
  },
  'persons.birth_date_enc': {
    purpose: 'Tell people with the same name apart; age-based eligibility',
    retention: '3 years after last activity, or erasure',
    protectedAtRest: true,
  },
  'persons.name_birth_hash': {
    purpose: 'Duplicate detection (same name + birth date + phone)',
    retention: 'as persons.birth_date_enc',
    protectedAtRest: true,
  },
  'persons.address_enc': {
    purpose: 'Device delivery and visits (only when given)',
    retention: '3 years after last activity, or erasure',
    protectedAtRest: true,
  },
  'verification_challenges.details_enc': {
    purpose: 'The name/birth date/phone typed while a code is pending',
    retention: '1 day',
    protectedAtRest: true,
  },
  'verification_challenges.phone_hash': {
    purpose: 'Rate limits per number',
    retention: '1 day',
    protectedAtRest: true,
  },
  'kiosk_rate_limits.key_hash': {
    purpose: 'Rate limits of kiosk practice records per address and per device (keyed hash only)',
    retention: 'until the daily purge after its 10-minute window',
    protectedAtRest: true,
  },
  'edu_walk_ins.name': {
    purpose: 'Greet and count someone who joined a class without signing up (added by the tutor on the spot)',
    retention: 'with the class record; erased with the meeting',
    protectedAtRest: false,
  },
  'proxy_actions.note': {
    purpose: "What staff did on the person's behalf and how consent was given",
    retention: '3 years',
    protectedAtRest: false,
  },
  'access_log.ip': {
    purpose: 'Accountability of staff access to personal data',
    retention: '2 years',
    protectedAtRest: false,
  },
  'access_log.detail': {
    purpose: 'What was viewed/changed/exported',
    retention: '2 years',
    protectedAtRest: false,
  },
  'access_log.reason': {
    purpose: 'Reason given for an export',
    retention: '2 years',
    protectedAtRest: false,
  },
  'sessions.ip': {
    purpose: 'Security of sign-in sessions',
    retention: '30 days after the session ends',
    protectedAtRest: false,
  },
  'sessions.user_agent': {
    purpose: 'Let staff recognise their own sessions',
    retention: '30 days after the session ends',
    protectedAtRest: false,
  },
  'sessions.ended_reason': {
    purpose: 'Why a session ended (security review)',
    retention: '30 days after the session ends',
    protectedAtRest: false,
  },
  'sign_in_throttle.ip': {
    purpose: 'Slow down password guessing from one address',
    retention: '15-minute window, overwritten',
    protectedAtRest: false,
  },
  'staff_users.username': {
    purpose: 'Staff sign-in',
    retention: 'while the account exists',
    protectedAtRest: false,
  },
  'staff_users.display_name': {
    purpose: 'Show who acted',
    retention: 'while the account exists',
    protectedAtRest: false,
  },
  'staff_users.email': {
    purpose: 'Staff sign-in and notices',
    retention: 'while the account exists',
    protectedAtRest: false,
  },
  'staff_users.totp_secret_enc': {
    purpose: 'Second factor',
    retention: 'while the account exists',
    protectedAtRest: true,
  },
  'staff_org_grants.reason': {
    purpose: 'Why an admin let a staff member work for another organisation (accountability for the grant)',
    retention: 'kept with the grant, like permission grants in the audit trail (at least 3 years)',
    protectedAtRest: false,
  },
  'api_tokens.name': {
    purpose: 'Label of an integration token',
    retention: 'until revoked or expired',
    protectedAtRest: false,
  },
  'dev_messages.recipient': {
    purpose: 'Development transport only: messages shown to admins instead of sent',
    retention: '7 days',
    protectedAtRest: false,
  },
  'dev_messages.body': { purpose: 'Development transport only', retention: '7 days', protectedAtRest: false },
  'device_donors.name': {
    purpose: 'Donation receipts (required by tax law)',
    retention: '5 years (receipts)',
    protectedAtRest: false,
  },
  'device_pledges.pickup_address': {
    purpose: 'Collect donated devices',
    retention: 'until collected',
    protectedAtRest: true,
  },
  'device_events.actor_name': {
    purpose: 'Device history: who handled it',
    retention: 'life of the device',
    protectedAtRest: false,
  },
  'device_events.note': {
    purpose: 'Device history notes',
    retention: 'life of the device',
    protectedAtRest: false,
  },
  'device_wipe_certificates.technician_name': {
    purpose: 'Data-destruction certificate',
    retention: '5 years',
    protectedAtRest: false,
  },
  'device_wipe_certificates.verifier_name': {
    purpose: 'Data-destruction certificate',
    retention: '5 years',
    protectedAtRest: false,
  },
  'device_allocations.reason': {
    purpose: 'Explain an allocation decision',
    retention: '3 years',
    protectedAtRest: false,
  },
  'device_receipts.adjust_reason': {
    purpose: 'Why a receipt value was adjusted',
    retention: '5 years (receipts)',
    protectedAtRest: false,
  },
  'device_receipts.void_reason': {
    purpose: 'Why a receipt was voided',
    retention: '5 years (receipts)',
    protectedAtRest: false,
  },
  'device_document_checks.checked_by_name': {
    purpose: 'Who checked an application document (staff member)',
    retention: 'with the application, 3 years',
    protectedAtRest: false,
  },
  'device_document_checks.note': {
    purpose: 'What the staff member noted when checking a document (no scans kept)',
    retention: 'with the application, 3 years',
    protectedAtRest: false,
  },
  'device_repairers.name': {
    purpose: 'Assign repair visits to a technician or volunteer',
    retention: 'while active, then 1 year',
    protectedAtRest: false,
  },
  'device_allocations.delivery_address_enc': {
    purpose: 'Home delivery of a device to someone who cannot come to the centre',
    retention: 'until the handover (erased then) or the booking is cancelled',
    protectedAtRest: true,
  },
  'device_aid_applications.received_by': {
    purpose: 'Who received an assistive device at its handover',
    retention: 'with the application, 3 years',
    protectedAtRest: false,
  },
  'device_aid_catalogue_changes.changed_by_name': {
    purpose: 'Who changed the assistive-device catalogue (staff member)',
    retention: 'with the catalogue history, 5 years',
    protectedAtRest: false,
  },
  'device_aid_catalogue_changes.reason': {
    purpose: 'Why the programme manager changed a price or withdrew an item (no personal data expected)',
    retention: 'with the catalogue history, 5 years',
    protectedAtRest: false,
  },
  'device_delivery_slots.cancel_reason': {
    purpose: 'Why staff cancelled a delivery or pickup slot (no personal data expected)',
    retention: 'with the slot, 3 years',
    protectedAtRest: false,
  },
  'help_tickets.email': {
    purpose: 'Reply by email when the person chose it',
    retention: 'with the ticket, or erasure',
    protectedAtRest: true,
  },
  'help_tickets.referral_note': {
    purpose: 'What a digital guide saw when referring',
    retention: 'with the ticket, or erasure',
    protectedAtRest: false,
  },
  'help_tickets.contact_name_enc': {
    purpose: "A digital guide's referral of someone without a person record: who to answer",
    retention: 'with the ticket; cleared when the ticket is resolved',
    protectedAtRest: true,
  },
  'help_tickets.contact_phone_enc': {
    purpose: "A digital guide's referral of someone without a person record: where to text the answer",
    retention: 'with the ticket; cleared when the ticket is resolved',
    protectedAtRest: true,
  },
  'help_ticket_messages.body': {
    purpose: 'The question and the answers',
    retention: 'with the ticket, or erasure',
    protectedAtRest: false,
  },
  'voice_survey_responses.follow_up_phone_enc': {
    purpose: 'Call back a person who asked for a call after a survey (only when they ask)',
    retention: 'deleted when the call is marked done',
    protectedAtRest: true,
  },
  'voice_survey_responses.comment': {
    purpose: 'What the person wanted to tell us about a service (optional, free text)',
    retention: 'with the anonymous answer',
    protectedAtRest: false,
  },
  'stat_rollup_state.name': {
    purpose:
      'The name of a statistics rollup ("monthly"); no personal data, listed because of its column name',
    retention: 'permanent',
    protectedAtRest: false,
  },
  'stat_source_state.name': {
    purpose:
      'The name of a statistics collection source (e.g. "help_tickets.resolved"); no personal data, listed because of its column name',
    retention: 'permanent',
    protectedAtRest: false,
  },
  'stat_events.disability': {
    purpose:
      'Count services to disabled people (stated on a device or aid application) by district and month; the event has no person id, published only in cells of 5 or more',
    retention: 'permanent (anonymous)',
    protectedAtRest: false,
  },
  'voice_rate_limits.key_hash': {
    purpose:
      'Rate limits of anonymous survey, opinion and kiosk-report submissions per address (keyed hash only)',
    retention: 'until the daily purge after its 10-minute window',
    protectedAtRest: true,
  },
  'voice_kiosk_reports.hard_text': {
    purpose: 'What was hard at a kiosk (optional free text; the form asks for no personal details)',
    retention: 'with the anonymous report',
    protectedAtRest: false,
  },
  'help_article_versions.note': {
    purpose: "Editor's note on an article version",
    retention: 'with the article',
    protectedAtRest: false,
  },
  'nav_saved_cases.answers_enc': {
    purpose: 'Navigator answers the person chose to save (may say disability, income, living alone)',
    retention: '180 days after saving (daily purge), or erasure',
    protectedAtRest: true,
  },
  'nav_saved_cases.contact_phone_enc': {
    purpose: 'Text the code to continue, and notices of new matching programmes when agreed',
    retention: 'as nav_saved_cases.answers_enc',
    protectedAtRest: true,
  },
  'nav_saved_cases.contact_email_enc': {
    purpose: 'Notices of new matching programmes by email when agreed (not yet collected)',
    retention: 'as nav_saved_cases.answers_enc',
    protectedAtRest: true,
  },
  'vol_applications.motivation_enc': {
    purpose: "A 50+ volunteer's reasons for applying (interview)",
    retention: 'while volunteering and 3 years after, or erasure',
    protectedAtRest: true,
  },
  'vol_applications.availability_enc': {
    purpose: 'When a 50+ volunteer can help (assignment)',
    retention: 'while volunteering and 3 years after, or erasure',
    protectedAtRest: true,
  },
  'vol_applications.review_enc': {
    purpose: "Staff remarks from the volunteer's interview and review",
    retention: 'while volunteering and 3 years after, or erasure',
    protectedAtRest: true,
  },
}

/** Column names that may hold personal data (the test checks every table for them). */
export const PERSONAL_COLUMN =
  /(name|phone|birth|address|email|recipient|^ip$|user_agent|_enc$|body|note|detail|reason)/

/** Reference tables of public facts (place names, districts): not personal data. */
export const PUBLIC_TABLES = new Set([
  'districts',
  'places',
  'organisations',
  // nearby: dong boundaries with population counts, public Wi-Fi sites
  'nearby_admin_dongs',
  'nearby_wifi_sites',
])

/** Personal data that must never be stored in clear. */
export const MUST_BE_PROTECTED = /(phone|birth|address)/
