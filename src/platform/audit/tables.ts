import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'

/**
 * Who looked at or changed whose personal data. Append-only (a trigger refuses UPDATE and DELETE,
 * except the retention purge) and hash-chained: each row stores the hash of the previous row and
 * its own content, so a changed or deleted row breaks the chain (`verify-access-log`). There are a few
 * parallel chains ("lanes", one head row each): an append takes a lane no other transaction holds, so
 * concurrent writers never wait for each other's commit; each lane is one linear chain (seq 1, 2, …).
 */
export const accessLog = pgTable(
  'access_log',
  {
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    staffId: uuid('staff_id'),
    ip: text('ip'),
    /** The data subject (a person id); null for an action about no one person (an empty search). */
    personId: uuid('person_id'),
    action: text('action', {
      enum: ['view', 'search', 'create', 'change', 'export', 'merge', 'erase'],
    }).notNull(),
    /** Required for exports. */
    reason: text('reason'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** The chain (lane) this row belongs to; seq counts within the lane. */
    lane: integer('lane').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.lane, t.seq] }),
    index('access_log_at_idx').on(t.at),
    index('access_log_person_idx').on(t.personId, t.at),
  ],
)

/**
 * One head per lane (id = lane): an append locks a free head (SELECT … FOR UPDATE SKIP LOCKED) until
 * its transaction ends, so each lane stays linear.
 * base_seq/base_hash mark where the chain starts after the retention purge removed older rows.
 */
export const accessLogHead = pgTable('access_log_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  baseSeq: bigint('base_seq', { mode: 'number' }).notNull().default(0),
  baseHash: text('base_hash').notNull(),
})

/** What changed in the domain: status changes, allocations, receipts, permission changes. Append-only. */
export const auditTrail = pgTable(
  'audit_trail',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorKind: text('actor_kind', { enum: ['staff', 'citizen', 'system'] }).notNull(),
    actorId: text('actor_id'),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_trail_entity_idx').on(t.entity, t.entityId), index('audit_trail_at_idx').on(t.at)],
)
