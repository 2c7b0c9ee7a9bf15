/**
 * The help desk's "done when" journey in a real browser, in Korean and in English: a citizen's question
 * suggests an article while they type (island) and on the next step (no JS), becomes a ticket, an agent
 * answers, the citizen rates; a phone call becomes a ticket in one step; an SLA breach escalates (the
 * hourly job, run here); initial-consonant search finds 키오스크; the new pages are axe clean.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { escalateBreaches } from '../src/domains/helpdesk/service.ts'
import { translator } from '../src/platform/i18n/index.ts'
import { formatViolations, runAxe } from './axe.ts'
import { describeBrowser, type E2E, startE2E } from './harness.ts'

registerDomains()

describeBrowser('help desk journey', () => {
  let e2e: E2E
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    e2e = await startE2E()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await e2e?.close()
  })

  async function pageFor(who: 'citizen' | 'helpdesk', locale: 'ko' | 'en'): Promise<Page> {
    const c = await e2e.newContext()
    contexts.push(c)
    await c.addCookies([
      who === 'citizen' ? await e2e.citizenSession() : await e2e.staffSession('helpdesk'),
      { name: 'gachi_lang', value: locale, url: e2e.baseUrl },
    ])
    return c.newPage()
  }

  async function axeClean(page: Page, where: string) {
    const v = await runAxe(page)
    expect(v, formatViolations(where, v)).toEqual([])
  }

  for (const locale of ['ko', 'en'] as const) {
    const t = translator(locale)
    describe(locale, () => {
      it('question → suggested article (typing and next step) → ticket → agent answers → citizen rates', async () => {
        const citizen = await pageFor('citizen', locale)
        await citizen.goto('/ask/new')
        await axeClean(citizen, `/ask/new (${locale})`)
        // with JS: suggestions appear while typing, announced politely
        await citizen.locator('#f-q').pressSequentially(locale === 'ko' ? '휴대폰 글자 크기' : 'text size', {
          delay: 20,
        })
        await citizen.locator('#help-suggest-list a[href="/help/articles/text-size"]').waitFor()
        await expect.poll(() => citizen.locator('#help-suggest-status').textContent()).not.toBe('')
        // without waiting for JS: the next step shows the matches above the form
        await Promise.all([
          citizen.waitForURL('**/ask/new?q=*'),
          citizen.getByRole('button', { name: t('helpdesk.suggest.next'), exact: true }).click(),
        ])
        expect(await citizen.locator('h2#suggest-title').textContent()).toBe(t('helpdesk.suggest.title'))
        expect(await citizen.locator('#help-suggest-list a[href="/help/articles/text-size"]').count()).toBe(1)
        await axeClean(citizen, `/ask/new?q= (${locale})`)
        await citizen.locator('input[name="category"][value="phone_basics"]').check()
        await citizen.locator('input[name="replyChannel"][value="web"]').check()
        await Promise.all([
          citizen.waitForURL('**/me/questions/*?sent=1'),
          citizen.getByRole('button', { name: t('helpdesk.ask.submit'), exact: true }).click(),
        ])
        const ticketPath = new URL(citizen.url()).pathname
        const id = ticketPath.split('/').pop()!

        // the agent answers and resolves
        const agent = await pageFor('helpdesk', locale)
        await agent.goto(`/staff/help/tickets/${id}`)
        await agent
          .locator('#f-body')
          .fill(locale === 'ko' ? '설정 → 디스플레이에서 키우세요.' : 'Settings → Display.')
        await agent.locator('input[name="after"][value="resolved"]').check()
        await Promise.all([
          agent.waitForURL(`**/staff/help/tickets/${id}`),
          agent.getByRole('button', { name: t('helpdesk.reply.submit'), exact: true }).click(),
        ])
        expect(await agent.locator('main').textContent()).toContain(t('helpdesk.status.resolved'))

        // the citizen sees the answer and rates with one tap
        await citizen.goto(ticketPath)
        await Promise.all([
          citizen.waitForURL(`**${ticketPath}`),
          citizen.getByRole('button', { name: t('helpdesk.rate.3'), exact: true }).click(),
        ])
        expect(await citizen.locator('main').textContent()).toContain(
          t('helpdesk.rate.thanks', { word: t('helpdesk.rate.3') }),
        )
      })

      it('a phone call becomes a ticket in one step; an SLA breach escalates it', async () => {
        const agent = await pageFor('helpdesk', locale)
        await agent.goto('/staff/help/intake')
        await agent.locator('input[name="channel"][value="phone"]').check()
        await agent.locator('#f-name').fill(locale === 'ko' ? '전화순' : 'Caller Kim')
        await agent.locator('#f-birthDate').fill('1947-07-07')
        await agent.locator('#f-phone').fill(locale === 'ko' ? '010-7100-0001' : '010-7100-0002')
        await agent.locator('input[name="consentGiven"][value="yes"]').check()
        await agent.locator('input[name="consentMethod"][value="verbal"]').check()
        await agent.locator('#f-category').selectOption('kiosk')
        await agent
          .locator('#f-question')
          .fill(locale === 'ko' ? '키오스크 주문이 어려워요' : 'Kiosk ordering is hard')
        await agent.locator('#f-replyChannel').selectOption('call')
        await agent.locator('#f-language').selectOption(locale)
        await Promise.all([
          agent.waitForURL('**/staff/help/tickets/*'),
          agent.getByRole('button', { name: t('helpdesk.intake.submit'), exact: true }).click(),
        ])
        const id = new URL(agent.url()).pathname.split('/').pop()!
        expect(await agent.locator('main').textContent()).toContain(t('helpdesk.channel.phone'))

        // the hourly job, a day and a half of business time later
        const [row] = await e2e.database.query<{ due: Date }>(
          `select resolution_due as due from help_tickets where id = '${id}'`,
        )
        await escalateBreaches(e2e.database.db, new Date(new Date(row!.due).getTime() + 3_600_000))
        await agent.goto('/staff/help?view=open')
        const line = agent.locator('#queue tr', {
          hasText: locale === 'ko' ? '키오스크 주문이' : 'Kiosk ordering',
        })
        expect(await line.textContent()).toContain(t('helpdesk.queue.escalated'))
        await agent.goto(`/staff/help/tickets/${id}`)
        expect(await agent.locator('main').textContent()).toContain(t('helpdesk.priority.urgent'))
      })

      it('initial consonants find 키오스크; the team and referral pages are axe clean', async () => {
        const agent = await pageFor('helpdesk', locale)
        await agent.goto(`/help/articles?q=${encodeURIComponent('ㅋㅇㅅㅋ')}`)
        expect(await agent.locator('main a[href="/help/articles/kiosk-order"]').count()).toBeGreaterThan(0)
        await agent.goto('/staff/help/refer')
        await axeClean(agent, `/staff/help/refer (${locale})`)
      })
    })
  }
})
