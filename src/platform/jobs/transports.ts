import nodemailer from 'nodemailer'
import type { Config } from '../../config.ts'
import type { Db } from '../db/client.ts'
import { devMessages } from '../db/tables.ts'

export interface OutgoingMessage {
  channel: 'sms' | 'email'
  to: string
  subject?: string
  body: string
  /** Stable per message: providers use it to drop a repeated send. */
  idempotencyKey: string
  jobId: number
}

export interface Transport {
  readonly name: string
  send(msg: OutgoingMessage): Promise<void>
}

export interface Transports {
  sms: Transport
  email: Transport
}

/** Development transport: records the message in dev_messages (admins read them at /admin/messages). */
export function devTransport(db: Db, channel: 'sms' | 'email'): Transport {
  return {
    name: `dev-${channel}`,
    async send(msg) {
      await db
        .insert(devMessages)
        .values({
          jobId: msg.jobId,
          channel,
          recipient: msg.to,
          subject: msg.subject ?? null,
          body: msg.body,
        })
        .onConflictDoNothing({ target: devMessages.jobId })
    },
  }
}

/**
 * A generic HTTP SMS gateway adapter: POSTs JSON {to, from, text, idempotencyKey} with a bearer token.
 * Korean SMS providers accept this shape behind a small proxy; a non-2xx answer is retried by the worker.
 */
export function httpSmsTransport(
  url: string,
  token: string | undefined,
  sender: string | undefined,
): Transport {
  return {
    name: 'http-sms',
    async send(msg) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': msg.idempotencyKey,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({
          to: msg.to,
          from: sender,
          text: msg.body,
          idempotencyKey: msg.idempotencyKey,
        }),
        signal: AbortSignal.timeout(15_000),
      })
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`)
    },
  }
}

/** SMTP through nodemailer; the Message-ID is derived from the idempotency key so a resend is recognisable. */
export function smtpTransport(url: string, from: string): Transport {
  const mailer = nodemailer.createTransport(url)
  return {
    name: 'smtp',
    async send(msg) {
      await mailer.sendMail({
        from,
        to: msg.to,
        subject: msg.subject ?? '',
        text: msg.body,
        messageId: `<${msg.idempotencyKey}@gachi>`,
      })
    },
  }
}

/** Chooses transports from configuration. */
export function transportsFromConfig(config: Config, db: Db): Transports {
  const sms =
    config.SMS_TRANSPORT === 'http' && config.SMS_HTTP_URL
      ? httpSmsTransport(config.SMS_HTTP_URL, config.SMS_HTTP_TOKEN, config.SMS_SENDER)
      : devTransport(db, 'sms')
  const email =
    config.EMAIL_TRANSPORT === 'smtp' && config.SMTP_URL
      ? smtpTransport(config.SMTP_URL, config.EMAIL_FROM)
      : devTransport(db, 'email')
  return { sms, email }
}
