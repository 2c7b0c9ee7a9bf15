import type { Actor } from './auth/actor.ts'
import type { Db } from './db/client.ts'

/**
 * Reference numbers. Every letter and text message about a case carries one (enqueueSms/enqueueEmail
 * refuse a body that does not show its reference), so a resident reading it out on the phone and a
 * staff member typing it into "Find by reference" (/staff/find) reach the same case.
 *
 * Domains whose cases have no number of their own derive one from the record's UUID: a short prefix
 * naming the kind of case and its first 8 hex digits in two groups, e.g. `EDU-3F2A-9C1B` (letters A–F
 * and digits only, easy to read aloud). Domains with their own numbers (help-desk tickets, asset
 * tags, receipts) register a resolver for those.
 */
export function caseRef(prefix: string, id: string): string {
  const hex = id.replace(/-/g, '').slice(0, 8).toUpperCase()
  return `${prefix}-${hex.slice(0, 4)}-${hex.slice(4, 8)}`
}

/** Reads a typed or spoken reference back: case, spaces and dashes do not matter. */
export function parseCaseRef(raw: string): { prefix: string; hex: string } | null {
  const m = /^([A-Z]{2,4})-?([0-9A-F]{4})-?([0-9A-F]{4})$/.exec(raw.toUpperCase().replace(/\s+/g, ''))
  return m ? { prefix: m[1]!, hex: `${m[2]}${m[3]}`.toLowerCase() } : null
}

export interface ReferenceHit {
  /** Where staff go to see the case. */
  href: string
  /** What it is, in the staff member's language ("수업 신청 — 스마트폰 기초"). */
  label: string
}

/** Finds cases by a reference; returns only what the actor may see (empty otherwise). */
export interface ReferenceResolver {
  /** A short name for docs and tests. */
  name: string
  find: (db: Db, actor: Actor, raw: string, locale: 'ko' | 'en') => Promise<ReferenceHit[]>
}

const resolvers: ReferenceResolver[] = []

/** Called when domains register (src/app.ts). */
export function registerReferenceResolvers(list: readonly ReferenceResolver[]): void {
  for (const r of list) if (!resolvers.some((x) => x.name === r.name)) resolvers.push(r)
}

/** Every case the reference may name, across domains (each resolver checks its own permissions). */
export async function findByReference(
  db: Db,
  actor: Actor,
  raw: string,
  locale: 'ko' | 'en',
): Promise<ReferenceHit[]> {
  const q = raw.trim()
  if (!q) return []
  const hits = await Promise.all(resolvers.map((r) => r.find(db, actor, q, locale).catch(() => [])))
  return hits.flat()
}

const LABEL = { ko: '참조번호', en: 'Ref.' } as const

/** Ends a text with its reference in the reader's language: "… (참조번호 EDU-3F2A-9C1B)". */
export function withReference(locale: 'ko' | 'en', text: string, reference: string): string {
  return `${text} (${LABEL[locale]} ${reference})`
}

/**
 * Checks the rule "every message about a case shows its reference". `null` is for messages about no
 * case (a one-time sign-in code); anything else must appear in the text.
 */
export function assertShowsReference(reference: string | null, ...texts: string[]): void {
  if (reference === null) return
  if (!reference.trim() || !texts.some((t) => t.includes(reference)))
    throw new Error(`a message about a case must show its reference number (${reference || 'empty'})`)
}
