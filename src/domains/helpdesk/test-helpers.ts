import type { Db } from '../../platform/db/client.ts'
import { askQuestion } from './service.ts'

let sample: Promise<string> | null = null

/** A question of the given citizen (made once per process), for browser tests of ticket pages. */
export function sampleTicketId(db: Db, personId: string): Promise<string> {
  sample ??= askQuestion(
    db,
    { kind: 'citizen', personId, sessionId: 'e2e' },
    {
      category: 'phone_basics',
      question: '휴대전화 글자가 너무 작아졌어요',
      replyChannel: 'web',
      email: undefined,
    },
    undefined,
    { ip: null, now: new Date(), locale: 'ko' },
  ).then((t) => t.id)
  return sample
}
