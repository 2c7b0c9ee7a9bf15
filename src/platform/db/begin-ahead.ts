/**
 * A node-postgres client that sends a transaction's BEGIN together with its first statement.
 *
 * Drizzle runs a transaction as `begin`, the statements, `commit`, each awaited: the BEGIN alone costs a
 * round trip (a socket write, a wake-up of the server process, an answer read) before any work starts.
 * This client holds the BEGIN back and writes it in the same message batch as the next statement
 * (extended protocol: Parse/Bind/Execute of BEGIN, then the statement's Parse/Bind/Describe/Execute, one
 * Sync), so the server runs both in one go and answers once. The semantics are those of the two
 * statements sent one after the other: BEGIN runs first; if the statement fails the transaction is
 * aborted and the caller's ROLLBACK ends it, as before. A transaction that ends before any statement
 * sends nothing at all. Only a statement with parameters goes this way (it uses the extended protocol
 * anyway; a parameterless one may hold several statements, which the extended protocol refuses): the
 * BEGIN is then sent first on its own, as before.
 *
 * It also sends a long statement with parameters as a named prepared statement (see `#named`), so the
 * many-CTE statements are planned once per connection instead of on every call.
 *
 * Measured by `bench/education-rush.ts` (statements per enrolment request) and used for every pooled
 * PostgreSQL connection (`client.ts`); PGlite has no round trips and does not need it.
 */
import { createHash } from 'node:crypto'
import pg from 'pg'

type Connection = {
  parse(m: { text: string; name: string; types: unknown[] }): void
  bind(m: { portal: string; statement: string; values: unknown[] }): void
  execute(m: { portal: string }): void
}
type QueryConfig = { text: string; values?: unknown[]; [k: string]: unknown }
type Callback = (err: Error | null, res: unknown) => void

const BEGIN = /^\s*begin(\s|;|$)/i
const END = /^\s*(commit|rollback)\s*;?\s*$/i

/** BEGIN, then the statement, in one batch with one Sync. */
class BeginThen extends pg.Query {
  readonly #begin: string
  constructor(begin: string, config: QueryConfig, values: unknown[], callback: Callback) {
    super({ ...config, values, queryMode: 'extended' } as never, undefined, callback as never)
    this.#begin = begin
  }
  prepare(connection: Connection): void {
    connection.parse({ text: this.#begin, name: '', types: [] })
    connection.bind({ portal: '', statement: '', values: [] })
    connection.execute({ portal: '' })
    // the statement's own Parse/Bind/Describe/Execute/Sync (pg's Query.prepare)
    ;(pg.Query.prototype as unknown as { prepare(c: Connection): void }).prepare.call(this, connection)
  }
}

function answer(command: string) {
  return { command, rowCount: null, oid: 0, rows: [], fields: [] }
}

/** Statements at least this long (the many-CTE ones) are prepared once per connection under a name. */
const PREPARE_FROM_CHARS = 1500
/** At most this many named statements per connection (a statement text built with inlined values would otherwise add one per call). */
const PREPARED_MAX = 200

export class BeginAheadClient extends pg.Client {
  #begin: string | null = null
  readonly #prepared = new Set<string>()

  /**
   * A long statement with parameters becomes a named prepared statement (its name from a hash of its
   * text): parsed once per connection, and once PostgreSQL has seen it planned a few times it keeps a
   * generic plan instead of planning again on every call — planning the enrolment's placing statement
   * took about as long as running it.
   */
  #named(config: string | QueryConfig, params: unknown[] | undefined): string | QueryConfig {
    const cfg: QueryConfig = typeof config === 'string' ? { text: config } : config
    if (!params?.length || cfg.name || cfg.text.length < PREPARE_FROM_CHARS) return config
    const name = `g_${createHash('sha1').update(cfg.text).digest('hex').slice(0, 24)}`
    if (!this.#prepared.has(name)) {
      if (this.#prepared.size >= PREPARED_MAX) return config
      this.#prepared.add(name)
    }
    return { ...cfg, name }
  }

  // node-postgres' overloads are many; this passes everything it does not handle straight through
  // biome-ignore lint/suspicious/noExplicitAny: the overloads of pg.Client#query
  override query(config: any, values?: any, callback?: any): any {
    const plain =
      config != null &&
      typeof config.submit !== 'function' &&
      typeof values !== 'function' &&
      callback === undefined
    if (!plain) return this.#flushThen(() => super.query(config, values, callback))
    const text: string = typeof config === 'string' ? config : config.text
    const params: unknown[] | undefined = Array.isArray(values) ? values : config.values
    if (this.#begin === null) {
      if (BEGIN.test(text) && !params?.length) {
        this.#begin = text
        return Promise.resolve(answer('BEGIN'))
      }
      return super.query(this.#named(config, params), values)
    }
    const begin = this.#begin
    this.#begin = null
    // nothing ran since BEGIN: there is nothing to commit or roll back
    if (END.test(text)) return Promise.resolve(answer(text.trim().replace(/;$/, '').toUpperCase()))
    if (!params?.length) return super.query(begin).then(() => super.query(config, values))
    const named = this.#named(config, params)
    const cfg: QueryConfig = typeof named === 'string' ? { text: named } : named
    return new Promise((resolve, reject) => {
      super.query(
        new BeginThen(begin, cfg, params, (err, res) => {
          if (err) reject(err)
          // the answers of BEGIN and of the statement: the caller asked for the statement's
          else resolve(Array.isArray(res) ? res[res.length - 1] : res)
        }),
      )
    })
  }

  /** A call this client does not rewrite (a callback, a cursor) after a held-back BEGIN: send the BEGIN first. */
  #flushThen<T>(send: () => T): T {
    if (this.#begin === null) return send()
    const begin = this.#begin
    this.#begin = null
    super.query(begin).catch(() => {}) // queued ahead of the call; an error surfaces on the call itself
    return send()
  }
}
