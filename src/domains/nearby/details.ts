import type { Db } from '../../platform/db/client.ts'
import type { PlaceDetails } from '../directory/service.ts'
import { placeDetails as directoryDetails } from '../directory/service.ts'
import type { OpeningPeriod } from '../directory/tables.ts'

/** What a place's row in "find help near me" shows beyond the reference data, in both languages. */
export interface PlaceExtra {
  hoursKo: string | null
  hoursEn: string | null
  accessKo: string | null
  accessEn: string | null
  phone: string | null
  /** Language codes spoken there (beyond Korean). */
  languages: string[]
}

const DAY_KO: Record<string, string> = {
  MO: '월',
  TU: '화',
  WE: '수',
  TH: '목',
  FR: '금',
  SA: '토',
  SU: '일',
}
const DAY_EN: Record<string, string> = {
  MO: 'Mon',
  TU: 'Tue',
  WE: 'Wed',
  TH: 'Thu',
  FR: 'Fri',
  SA: 'Sat',
  SU: 'Sun',
}

/** "월–금 09:00–18:00, 토 09:00–13:00": consecutive days with the same hours are joined. */
export function hoursText(hours: OpeningPeriod[], locale: 'ko' | 'en'): string | null {
  if (hours.length === 0) return null
  const names = locale === 'ko' ? DAY_KO : DAY_EN
  const order = Object.keys(DAY_KO)
  const groups: { from: string; to: string; span: string }[] = []
  for (const h of hours) {
    const span = `${h.opens}–${h.closes}`
    const last = groups[groups.length - 1]
    if (last && last.span === span && order.indexOf(h.day) === order.indexOf(last.to) + 1) last.to = h.day
    else groups.push({ from: h.day, to: h.day, span })
  }
  return groups.map((g) => `${names[g.from]}${g.from === g.to ? '' : `–${names[g.to]}`} ${g.span}`).join(', ')
}

function accessText(d: PlaceDetails, locale: 'ko' | 'en'): string | null {
  const a = d.accessibility
  const yes =
    locale === 'ko'
      ? [
          a.stepFree && '휠체어로 들어갈 수 있음(계단 없음)',
          a.hearingLoop && '보청기용 루프',
          a.braille && '점자 안내',
        ]
      : [a.stepFree && 'Step-free entrance', a.hearingLoop && 'Hearing loop', a.braille && 'Braille signs']
  const note = locale === 'ko' ? d.accessNote.ko : (d.accessNote.en ?? d.accessNote.ko)
  const parts = [...yes.filter((x): x is string => typeof x === 'string'), ...(note ? [note] : [])]
  return parts.length ? parts.join(', ') : null
}

const join = (...xs: (string | null | undefined)[]) => xs.filter(Boolean).join(' · ') || null

/** Directory details (hours, accessibility, languages, phone) of these reference places, by place id. */
export async function placeDetails(db: Db, placeIds: string[]): Promise<Map<string, PlaceExtra>> {
  if (placeIds.length === 0) return new Map()
  const found = await directoryDetails(db, placeIds)
  const out = new Map<string, PlaceExtra>()
  for (const [id, d] of found)
    out.set(id, {
      hoursKo: join(hoursText(d.hours, 'ko'), d.hoursNote.ko),
      hoursEn: join(hoursText(d.hours, 'en'), d.hoursNote.en ?? d.hoursNote.ko),
      accessKo: accessText(d, 'ko'),
      accessEn: accessText(d, 'en'),
      phone: d.contact.phone ?? null,
      languages: d.languages.filter((l) => l !== 'ko'),
    })
  return out
}
