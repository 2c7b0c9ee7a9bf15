/**
 * The welfare navigator's "done when" journey in a real browser, in Korean and in English: a senior
 * answers alone (one question a page, skip, back keeps the answer), saves and resumes with the code,
 * gets explained results and applies for a device in one click; a social worker asks every question on
 * one page with them; a programme manager adds a local programme without code, sees its effect on saved
 * cases, and it shows in the results. Every page on the way is axe clean (the flow itself is plain
 * forms without scripts).
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { translator } from '../src/platform/i18n/index.ts'
import { formatViolations, runAxe } from './axe.ts'
import { type DemoStaff, describeBrowser, type E2E, startE2E } from './harness.ts'

registerDomains()

describeBrowser('welfare navigator journey', () => {
  let e2e: E2E
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    e2e = await startE2E()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await e2e?.close()
  })

  async function pageFor(
    who: 'anonymous' | 'citizen' | DemoStaff,
    locale: 'ko' | 'en',
    js = true,
  ): Promise<Page> {
    const c = await e2e.newContext({ javaScriptEnabled: js })
    contexts.push(c)
    const cookies: { name: string; value: string; url: string }[] = [
      { name: 'gachi_lang', value: locale, url: e2e.baseUrl },
    ]
    if (who === 'citizen') cookies.push(await e2e.citizenSession())
    else if (who !== 'anonymous') cookies.push(await e2e.staffSession(who))
    await c.addCookies(cookies)
    const page = await c.newPage()
    page.setDefaultTimeout(15_000)
    return page
  }

  async function axeClean(page: Page, where: string) {
    const v = await runAxe(page)
    expect(v, formatViolations(where, v)).toEqual([])
  }

  const h1 = (page: Page) => page.locator('h1').first().textContent()

  for (const locale of ['ko', 'en'] as const) {
    const t = translator(locale)
    describe(locale, () => {
      it('a senior answers alone (skip, back), saves and resumes, gets explained results and applies for a device in one click', async () => {
        const page = await pageFor('anonymous', locale)
        await page.goto('/support')
        await axeClean(page, `/support (${locale})`)
        await page.getByRole('link', { name: t('navigator.event.turning65') }).click()
        expect(await h1(page)).toBe(t('navigator.q.age.title'))
        await axeClean(page, `/support/questions (${locale})`)
        // "Next" without an answer: error summary, same question
        await page.getByRole('button', { name: t('navigator.next'), exact: true }).click()
        expect(await page.locator('.error-summary').textContent()).toContain(t('navigator.error.chooseOne'))
        await axeClean(page, `/support/questions error (${locale})`)
        await page.getByLabel(t('navigator.a.age.75_plus')).check()
        await page.getByRole('button', { name: t('navigator.next'), exact: true }).click()
        expect(await h1(page)).toBe(t('navigator.q.basicPension.title'))
        await page.getByLabel(t('navigator.a.basicPension.no'), { exact: true }).check()
        await page.getByRole('button', { name: t('navigator.next'), exact: true }).click()
        expect(await h1(page)).toBe(t('navigator.q.livesAlone.title'))
        // back keeps the answer
        await page.getByRole('button', { name: t('common.back'), exact: true }).click()
        expect(await h1(page)).toBe(t('navigator.q.basicPension.title'))
        expect(await page.getByLabel(t('navigator.a.basicPension.no'), { exact: true }).isChecked()).toBe(
          true,
        )
        await page.getByRole('button', { name: t('navigator.next'), exact: true }).click()
        await page.getByLabel(t('navigator.a.livesAlone.yes')).check()
        // save and come back later
        await page.getByRole('button', { name: t('common.saveLater'), exact: true }).click()
        expect(await h1(page)).toBe(t('navigator.save.title'))
        await axeClean(page, `/support/save (${locale})`)
        await page.getByRole('button', { name: t('navigator.save.submit'), exact: true }).click()
        const code = (await page.locator('#resume-code').textContent())!.trim()
        expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
        await axeClean(page, `/support/save done (${locale})`)
        // later: resume on the question where they stopped, with the answers kept
        await page.goto('/support/resume')
        await axeClean(page, `/support/resume (${locale})`)
        await page.locator('#f-code').fill(code.toLowerCase())
        await page.getByRole('button', { name: t('navigator.resume.submit'), exact: true }).click()
        expect(await h1(page)).toBe(t('navigator.q.livesAlone.title'))
        expect(await page.getByLabel(t('navigator.a.livesAlone.yes')).isChecked()).toBe(true)
        await page.getByRole('button', { name: t('navigator.next'), exact: true }).click()
        // answer income and device, skip everything else
        for (let i = 0; i < 15; i++) {
          const title = await h1(page)
          if (title === t('navigator.results.title')) break
          if (title === t('navigator.q.income.title'))
            await page.getByLabel(t('navigator.a.income.near_poverty')).check()
          else if (title === t('navigator.q.device.title'))
            await page.getByLabel(t('navigator.a.device.phone_only')).check()
          const button =
            title === t('navigator.q.income.title') || title === t('navigator.q.device.title')
              ? 'navigator.next'
              : 'navigator.skip'
          await page.getByRole('button', { name: t(button), exact: true }).click()
        }
        expect(await h1(page)).toBe(t('navigator.results.title'))
        await axeClean(page, `/support results (${locale})`)
        const main = (await page.locator('main').textContent())!
        expect(main).toContain(t('navigator.results.likely'))
        // explained: the device programme says why, in words
        const device = page.locator('section', {
          hasText: locale === 'ko' ? '컴퓨터·노트북·태블릿 나눔' : 'A free refurbished computer',
        })
        expect(await device.textContent()).toContain(
          locale === 'ko' ? '집에 컴퓨터나 태블릿이 없어요' : 'You have no computer or tablet at home',
        )
        // one click into the devices application
        const apply = device.getByRole('link', { name: new RegExp(t('navigator.results.apply')) })
        expect(await apply.getAttribute('href')).toBe('/devices/apply?from=navigator')
        await apply.click()
        // not yet verified: the text-code check comes first and returns to the application form
        expect(decodeURIComponent(page.url())).toContain('next=/devices/apply')
      }, 240_000)

      it('a social worker asks every question on one page with the senior and sees explained results', async () => {
        const page = await pageFor('centre', locale)
        await page.goto('/support/expert')
        await axeClean(page, `/support/expert (${locale})`)
        await page.locator('input[name="a_age"][value="65_74"]').check()
        await page.locator('input[name="a_disability"][value="severe"]').check()
        await page.locator('input[name="a_income"][value="livelihood"]').check()
        await page.getByRole('button', { name: t('navigator.expert.submit'), exact: true }).click()
        expect(await page.locator('h2#results').textContent()).toBe(t('navigator.results.title'))
        const assistive = page.locator('section', {
          hasText: locale === 'ko' ? '정보통신 보조기기 구입 지원' : 'ICT assistive-device subsidy',
        })
        expect(await assistive.textContent()).toContain(t('navigator.results.likely'))
        expect(await assistive.textContent()).toContain(locale === 'ko' ? '90%' : '90%')
        await axeClean(page, `/support/expert results (${locale})`)
      })

      it('a programme manager adds a local programme without code, sees its effect, and it shows in results', async () => {
        const page = await pageFor('manager', locale)
        await page.goto('/staff/navigator/programmes/new')
        await axeClean(page, `/staff/navigator/programmes/new (${locale})`)
        const name = locale === 'ko' ? '구립 스마트폰 빌려주기' : 'District phone loan'
        await page.locator('#f-titleKo').fill(`${name} KO`)
        await page.locator('#f-titleEn').fill(`${name} EN`)
        await page.locator('#f-summaryKo').fill('스마트폰을 빌려 드려요')
        await page.locator('#f-summaryEn').fill('A phone to borrow')
        await page.locator('#f-benefitKo').fill('3개월 대여')
        await page.locator('#f-benefitEn').fill('3 months')
        await page.locator('#f-howKo').fill('주민센터 방문')
        await page.locator('#f-howEn').fill('Visit the centre')
        await page.locator('#f-sourceTitle').fill('조례 제1호')
        await page.locator('#f-sourceUrl').fill('https://example.go.kr/1')
        await page.locator('input[name="q_livesAlone"][value="yes"]').check()
        await page.getByRole('button', { name: t('navigator.prog.preview'), exact: true }).click()
        expect(await page.locator('#impact').textContent()).toContain(t('navigator.prog.impactTitle'))
        await axeClean(page, `/staff/navigator/programmes preview (${locale})`)
        await page.getByRole('button', { name: t('navigator.prog.save'), exact: true }).click()
        await page.waitForURL('**/staff/navigator/programmes?saved=1')
        await axeClean(page, `/staff/navigator/programmes (${locale})`)
        await page.getByRole('link', { name: `${name} ${locale.toUpperCase()}` }).click()
        await axeClean(page, `/staff/navigator/programmes/:id (${locale})`)
        // a citizen who lives alone now sees it
        const citizen = await pageFor('centre', locale)
        await citizen.goto('/support/expert')
        await citizen.locator('input[name="a_livesAlone"][value="yes"]').check()
        await citizen.getByRole('button', { name: t('navigator.expert.submit'), exact: true }).click()
        expect(await citizen.locator('main').textContent()).toContain(`${name} ${locale.toUpperCase()}`)
      })
    })
  }
})
