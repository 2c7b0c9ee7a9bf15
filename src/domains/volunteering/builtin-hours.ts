import { tutorMeetingsSince } from '../education/service.ts'
import { checkinsSince } from '../guides/service.ts'
import { resolvedTicketsOf } from '../helpdesk/service.ts'
import { registerHoursSource } from './hours-sources.ts'

/**
 * Minutes counted for a resolved help-desk ticket: tickets record no time spent, so each counts as half
 * an hour (a typical phone or web answer, including looking the question up).
 */
export const TICKET_MINUTES = 30

const minutesBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 60_000)

/** Finished guide shifts: check-in to check-out (guides module). */
registerHoursSource({
  name: 'guide-checkin',
  activity: 'shift',
  role: 'digital_guide',
  defaultMinutes: 0,
  labelKey: 'volunteering.source.guide-checkin',
  async finishedWork(db, staffId, since, until) {
    return (await checkinsSince(db, since))
      .filter(({ c }) => c.staffId === staffId && c.checkedOutAt && c.checkedOutAt <= until)
      .map(({ c }) => ({
        ref: `guide-checkin:${c.id}`,
        at: c.checkedInAt,
        minutes: minutesBetween(c.checkedInAt, c.checkedOutAt!),
      }))
  },
})

/** Class meetings the account tutored that have ended (education module). */
registerHoursSource({
  name: 'edu-meeting',
  activity: 'session',
  role: 'peer_tutor',
  defaultMinutes: 0,
  labelKey: 'volunteering.source.edu-meeting',
  async finishedWork(db, staffId, since, until) {
    return (await tutorMeetingsSince(db, staffId, since))
      .filter(({ meeting }) => meeting.endsAt <= until && meeting.startsAt >= since)
      .map(({ meeting }) => ({
        ref: `edu-meeting:${meeting.id}`,
        at: meeting.startsAt,
        minutes: minutesBetween(meeting.startsAt, meeting.endsAt),
      }))
  },
})

/** Help-desk tickets the account resolved (help desk), by the ticket's reference. */
registerHoursSource({
  name: 'help-ticket',
  activity: 'ticket',
  role: 'it_supporter',
  defaultMinutes: TICKET_MINUTES,
  labelKey: 'volunteering.source.help-ticket',
  async finishedWork(db, staffId, since, until) {
    return (await resolvedTicketsOf(db, staffId, since, until)).map((t) => ({
      ref: `help-ticket:${t.ref}`,
      at: t.resolvedAt,
      minutes: t.minutes,
    }))
  },
})
