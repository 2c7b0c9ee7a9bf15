import { afterAll, describe, expect, it } from 'vitest'
import { freshDb } from '../../test/fresh-db.ts'
import { createWorker } from '../boot.ts'
import { testConfig } from '../config.ts'
import { smsLinkBase } from '../domains/education/sms-link.ts'
import type { Database } from './db/client.ts'
import { createLogger } from './log.ts'

let database: Database | undefined
afterAll(() => database?.close())

describe('public URL', () => {
  it('a worker-only process puts PUBLIC_URL in front of links in texts (no request needed first)', async () => {
    database = await freshDb()
    createWorker(database, testConfig({ PUBLIC_URL: 'https://gachi.seoul.example/' }), createLogger('silent'))
    expect(smsLinkBase()).toBe('https://gachi.seoul.example')
  })
})
