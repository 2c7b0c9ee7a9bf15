/**
 * Kiosk practice in a real browser: every shipped scenario is driven to the end in every mode by following
 * its own goal (axe on every screen on the way), a keyboard-only and an accessibility-tree-only fast-food
 * order, offline after the first visit, and a tutor who writes a scenario that a learner then plays.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerDomains } from '../src/app.ts'
import { shippedScenarios } from '../src/domains/kiosk/catalogue.ts'
import { goalsOf, MAIN_GOAL, type Scenario } from '../src/domains/kiosk/format.ts'
import { KIOSK_MODES } from '../src/domains/kiosk/tables.ts'
import { blindIndex } from '../src/platform/crypto/fields.ts'
import { translator } from '../src/platform/i18n/index.ts'
import { formatViolations, runAxe } from './axe.ts'
import { describeBrowser, type E2E, prefCookies, startE2E } from './harness.ts'

registerDomains()
const ko = translator('ko')

/**
 * Stands in for the browser's speech engine (headless chromium has no voices): records what would be
 * said, in which language, at which speed and with which voice, and offers two Korean and one English voice.
 */
const FAKE_SPEECH = `
  window.__spoken = []
  const voices = [{ name: 'Yuna', lang: 'ko-KR' }, { name: 'Minsu', lang: 'ko-KR' }, { name: 'Samantha', lang: 'en-US' }]
  class Utterance { constructor(text) { this.text = text; this.lang = ''; this.rate = 1; this.voice = null } }
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true, writable: true })
  Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang, rate: u.rate, voice: u.voice ? u.voice.name : null }),
    cancel() {}, getVoices: () => voices, addEventListener() {},
  } })
`
interface Spoken {
  text: string
  lang: string
  rate: number
  voice: string | null
}
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: Spoken[] }).__spoken)
const SCENARIOS = [...shippedScenarios().values()]

/** Opens a scenario in a mode (and one of its goals) and waits until the simulator has loaded it. */
async function open(page: Page, id: string, mode: string, goal = MAIN_GOAL): Promise<void> {
  await page.goto(`/kiosk/${id}?mode=${mode}${goal === MAIN_GOAL ? '' : `&goal=${goal}`}`)
  await page.locator('#kiosk-app[data-ready="yes"]').waitFor()
}

/**
 * Follows the scenario's goal (or another of its goals): on each step's screen, presses its control
 * (optionally checking axe first).
 */
async function followGoal(
  page: Page,
  s: Scenario,
  opts: { axe?: boolean; goal?: { steps: string[] } } = {},
): Promise<void> {
  let lastScreen = ''
  for (const step of (opts.goal ?? s.goal).steps) {
    const [screen, control] = step.split('/')
    await page.locator(`.kiosk-screen[data-screen="${screen}"]`).waitFor()
    if (opts.axe && screen !== lastScreen) {
      const v = await runAxe(page)
      expect(v, formatViolations(`${s.id} / ${screen}`, v)).toEqual([])
    }
    lastScreen = screen ?? ''
    await page.locator(`.kiosk-screen [data-control="${control}"]`).click()
  }
  await page.locator('.kiosk-result').waitFor()
  if (opts.axe) {
    const v = await runAxe(page)
    expect(v, formatViolations(`${s.id} / end`, v)).toEqual([])
  }
}

describeBrowser('kiosk practice', () => {
  let e2e: E2E
  let context: BrowserContext
  beforeAll(async () => {
    e2e = await startE2E()
    context = await e2e.newContext({ serviceWorkers: 'block' })
  })
  afterAll(async () => {
    await context?.close()
    await e2e?.close()
  })

  describe('every scenario, every goal, every mode, by its own goal', () => {
    for (const s of SCENARIOS)
      for (const goal of goalsOf(s))
        for (const mode of KIOSK_MODES)
          it(`${s.id}${goal.id === MAIN_GOAL ? '' : ` (${goal.id})`} — ${mode}${mode === 'guided' ? ' (axe on every screen)' : ''}`, async () => {
            const page = await context.newPage()
            try {
              await open(page, s.id, mode, goal.id)
              if (mode === 'challenge')
                expect(await page.locator('.kiosk-task').textContent()).toContain(goal.task.ko)
              await followGoal(page, s, { axe: mode === 'guided', goal })
              if (mode === 'challenge')
                expect((await page.locator('.kiosk-goal').textContent())?.trim()).toBe(ko('kiosk.ui.goalMet'))
            } finally {
              await page.close()
            }
          })
  })

  describe('layouts and display settings: axe on every screen, nothing wider than the screen', () => {
    const LAYOUTS = [
      {
        name: 'phone 390×844, 200% text, high contrast',
        viewport: { width: 390, height: 844 },
        text: 200,
        contrast: 'high',
      },
      { name: 'tablet 800×1280, 150% text', viewport: { width: 800, height: 1280 }, text: 150 },
      { name: 'portrait kiosk 1080×1920', viewport: { width: 1080, height: 1920 } },
    ] as const
    for (const l of LAYOUTS)
      it(`cinema (seat map) on a ${l.name}`, async () => {
        const ctx = await e2e.newContext({ viewport: l.viewport, serviceWorkers: 'block' })
        try {
          await ctx.addCookies(
            prefCookies(e2e.baseUrl, {
              text: 'text' in l ? l.text : undefined,
              contrast: 'contrast' in l ? l.contrast : undefined,
            }),
          )
          const page = await ctx.newPage()
          await open(page, 'cinema', 'guided')
          const s = shippedScenarios().get('cinema')!
          for (const step of s.goal.steps) {
            const [screen, control] = step.split('/')
            await page.locator(`.kiosk-screen[data-screen="${screen}"]`).waitFor()
            const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
            expect(wide, `${screen}: page wider than the screen`).toBeLessThanOrEqual(1)
            const v = await runAxe(page)
            expect(v, formatViolations(`${l.name} / ${screen}`, v)).toEqual([])
            const small = await page.locator('.kiosk-screen [data-control]').evaluateAll((els) =>
              els
                .filter((e) => {
                  const r = e.getBoundingClientRect()
                  return r.width < 44 || r.height < 44
                })
                .map((e) => e.getAttribute('data-control')),
            )
            expect(small, `${l.name} / ${screen}: controls smaller than 44×44 px`).toEqual([])
            await page.locator(`.kiosk-screen [data-control="${control}"]`).click()
          }
          await page.locator('.kiosk-result').waitFor()
        } finally {
          await ctx.close()
        }
      })
  })

  it('guided mode refuses a wrong tap and explains; "I\'m stuck" highlights the next control', async () => {
    const page = await context.newPage()
    await open(page, 'fast-food', 'guided')
    await page.locator('[data-control="eat-in"]').click()
    await expect.poll(() => page.locator('#kiosk-feedback').textContent()).toContain('포장')
    expect(await page.locator('.kiosk-screen').getAttribute('data-screen')).toBe('welcome')
    expect(await page.locator('.kiosk-next').getAttribute('data-control')).toBe('takeout')
    await page.close()
    const relaxed = await context.newPage()
    await open(relaxed, 'cafe', 'challenge')
    expect(await relaxed.locator('.kiosk-next').count()).toBe(0)
    await relaxed.locator('[data-tool="stuck"]').click()
    expect(await relaxed.locator('.kiosk-next').getAttribute('data-control')).toBe('takeout')
    await relaxed.close()
  })

  it("take your time shows bigger text and bigger targets than the kiosk's own look (realistic)", async () => {
    const page = await context.newPage()
    /** Font size and box of the instruction and of one control of each look (tile, key, seat). */
    const measure = async (mode: string) => {
      const size = (sel: string) =>
        page
          .locator(sel)
          .first()
          .evaluate((e) => ({
            font: Number.parseFloat(getComputedStyle(e).fontSize),
            height: e.getBoundingClientRect().height,
            width: e.getBoundingClientRect().width,
          }))
      await open(page, 'fast-food', mode)
      const say = await size('#kiosk-say')
      const tile = await size('[data-control="takeout"]')
      await open(page, 'hospital', mode)
      await page.locator('[data-control="checkin"]').click()
      await page.locator('[data-control="agree"]').click()
      const key = await size('.kiosk-screen[data-screen="number"] [data-control="k1"]')
      await open(page, 'cinema', mode)
      const cinema = shippedScenarios().get('cinema')!
      for (const step of cinema.goal.steps) {
        const [screen, control] = step.split('/')
        if (cinema.screens.find((x) => x.id === screen)?.seats) break
        await page.locator(`.kiosk-screen[data-screen="${screen}"] [data-control="${control}"]`).click()
      }
      const seat = await size('.kiosk-seat')
      return { say, tile, key, seat }
    }
    const realistic = await measure('realistic')
    const relaxed = await measure('relaxed')
    for (const k of ['say', 'tile', 'key', 'seat'] as const) {
      expect(relaxed[k].font, `${k}: text`).toBeGreaterThan(realistic[k].font)
      if (k !== 'say') expect(relaxed[k].height, `${k}: height`).toBeGreaterThan(realistic[k].height)
    }
    expect(relaxed.tile.height).toBeGreaterThanOrEqual(80)
    expect(Math.min(relaxed.seat.width, relaxed.seat.height)).toBeGreaterThanOrEqual(56)
    await page.close()
  })

  it('realistic mode times out like a real kiosk (with a "more time?" prompt first); take-your-time never does', async () => {
    const page = await context.newPage()
    await page.clock.install()
    await open(page, 'fast-food', 'realistic')
    await page.locator('[data-control="takeout"]').click()
    await page.locator('.kiosk-screen[data-screen="menu"]').waitFor()
    await page.clock.runFor(51_000)
    await page.locator('[data-tool="more-time"]').waitFor()
    const prompt = await runAxe(page)
    expect(prompt, formatViolations('fast-food / more time?', prompt)).toEqual([])
    await page.clock.runFor(60_000)
    await page.locator('.kiosk-screen[data-screen="welcome"]').waitFor()
    expect(await page.locator('#kiosk-feedback').textContent()).toBe(ko('kiosk.ui.timedOut'))
    await page.close()
    const relaxed = await context.newPage()
    await relaxed.clock.install()
    await open(relaxed, 'fast-food', 'relaxed')
    await relaxed.locator('[data-control="takeout"]').click()
    await relaxed.clock.runFor(30 * 60_000)
    expect(await relaxed.locator('.kiosk-screen').getAttribute('data-screen')).toBe('menu')
    expect(await relaxed.locator('.kiosk-timer').count()).toBe(0)
    await relaxed.close()
  })

  it('challenge mode explains each difference from the task card', async () => {
    const page = await context.newPage()
    const s = shippedScenarios().get('fast-food')!
    await open(page, 'fast-food', 'challenge')
    const steps = s.goal.steps.map((x) =>
      x === 'welcome/takeout' ? 'welcome/eat-in' : x === 'drink/cola' ? 'drink/cider' : x,
    )
    await followGoal(page, { ...s, goal: { ...s.goal, steps } })
    expect((await page.locator('.kiosk-goal').textContent())?.trim()).toBe(ko('kiosk.ui.goalMissed'))
    const axe = await runAxe(page)
    expect(axe, formatViolations('fast-food / challenge result with mistakes', axe)).toEqual([])
    const mistakes = await page.locator('.kiosk-mistakes li').allTextContents()
    expect(mistakes).toEqual([
      ko('kiosk.ui.mistake', { got: '매장에서 식사', want: '포장' }),
      ko('kiosk.ui.mistake', { got: '사이다', want: '콜라' }),
    ])
    await page.close()
  })

  it('a verified citizen links practice to their record', async () => {
    const ctx = await e2e.newContext({ serviceWorkers: 'block' })
    try {
      await ctx.addCookies([await e2e.citizenSession()])
      const page = await ctx.newPage()
      await open(page, 'hospital', 'guided')
      await page.locator('#kiosk-link').check()
      await followGoal(page, shippedScenarios().get('hospital')!)
      await expect
        .poll(() => page.locator('.kiosk-saved').textContent())
        .toContain(ko('kiosk.ui.savedLinked'))
      await page.goto('/me')
      expect(await page.locator('main').textContent()).toContain(ko('kiosk.me.title'))
    } finally {
      await ctx.close()
    }
  })

  it('speech: the screen is spoken in Korean; voice, speed and "say it again" work and are remembered; it can be switched off', async () => {
    const ctx = await e2e.newContext({ serviceWorkers: 'block' })
    try {
      await ctx.addInitScript(FAKE_SPEECH)
      const page = await ctx.newPage()
      const s = shippedScenarios().get('fast-food')!
      const say = (id: string) => s.screens.find((x) => x.id === id)!.say.ko
      await open(page, 'fast-food', 'guided')
      // the first screen waits for a press (browsers refuse speech before the person does anything)
      await page.locator('[data-tool="repeat"]').click()
      expect((await spoken(page)).at(-1)).toMatchObject({ lang: 'ko-KR', rate: 1, voice: null })
      expect((await spoken(page)).at(-1)!.text).toContain(say('welcome'))
      // only the voices of the page's language are offered
      const voices = await page
        .locator('#kiosk-voice option')
        .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))
      expect(voices).toEqual(['', 'Yuna', 'Minsu'])
      await page.selectOption('#kiosk-speed', '0.75')
      await page.selectOption('#kiosk-voice', 'Minsu')
      const before = (await spoken(page)).length
      await page.locator('[data-tool="repeat"]').click()
      const all = await spoken(page)
      expect(all.length).toBeGreaterThan(before)
      expect(all.at(-1)).toMatchObject({ rate: 0.75, voice: 'Minsu', lang: 'ko-KR' })
      expect(all.at(-1)!.text).toContain(say('welcome'))
      // the next screen is spoken by itself, with the chosen voice and speed
      await page.locator('[data-control="takeout"]').click()
      await expect.poll(async () => (await spoken(page)).at(-1)?.text ?? '').toContain(say('menu'))
      expect((await spoken(page)).at(-1)).toMatchObject({ rate: 0.75, voice: 'Minsu' })
      // switched off: screens are no longer spoken, but "say it again" still is
      await page.locator('[data-tool="speech"]').click()
      expect(await page.locator('[data-tool="speech"]').getAttribute('aria-pressed')).toBe('false')
      const off = (await spoken(page)).length
      await page.locator('[data-control="bulgogi"]').click()
      await page.locator('.kiosk-screen[data-screen="set-choice"]').waitFor()
      expect((await spoken(page)).length).toBe(off)
      expect(await page.locator('#kiosk-say').textContent()).toContain(say('set-choice'))
      await page.locator('[data-tool="repeat"]').click()
      expect((await spoken(page)).at(-1)!.text).toContain(say('set-choice'))
      // remembered on this device
      await page.reload()
      await page.locator('#kiosk-app[data-ready="yes"]').waitFor()
      expect(await page.locator('#kiosk-speed').inputValue()).toBe('0.75')
      expect(await page.locator('#kiosk-voice').inputValue()).toBe('Minsu')
      expect(await page.locator('[data-tool="speech"]').getAttribute('aria-pressed')).toBe('false')
    } finally {
      await ctx.close()
    }
  })

  it('without speech in the browser: the instruction is written, a note says so, and the scenario can be finished', async () => {
    const ctx = await e2e.newContext({ serviceWorkers: 'block' })
    try {
      await ctx.addInitScript('window.SpeechSynthesisUtterance = undefined')
      const page = await ctx.newPage()
      const s = shippedScenarios().get('cafe')!
      await open(page, 'cafe', 'guided')
      expect(await page.locator('.kiosk-nospeech').textContent()).toBe(ko('kiosk.ui.noSpeech'))
      expect(await page.locator('[data-tool="speech"]').count()).toBe(0)
      expect(await page.locator('#kiosk-say').textContent()).toContain(
        s.screens.find((x) => x.id === s.start)!.say.ko,
      )
      await followGoal(page, s)
    } finally {
      await ctx.close()
    }
  })

  it('progress on this device is shown on the list; over the rate limit the device keeps the attempt, says why and sends it later', async () => {
    const ctx = await e2e.newContext({ serviceWorkers: 'block' })
    const device = crypto.randomUUID()
    const key = `device:${blindIndex('kiosk-device', device)}`
    try {
      await ctx.addInitScript(
        `localStorage.setItem('gachi.kiosk.device', ${JSON.stringify(JSON.stringify(device))})`,
      )
      await e2e.database.query(
        'insert into kiosk_rate_limits (key_hash, window_start, hits) values ($1, now(), 200)',
        [key],
      )
      const page = await ctx.newPage()
      await open(page, 'cafe', 'relaxed')
      await followGoal(page, shippedScenarios().get('cafe')!)
      await page.locator('#kiosk-app[data-synced="limited"]').waitFor()
      expect(await page.locator('.kiosk-saved').textContent()).toContain(ko('kiosk.tooMany', { minutes: 10 }))
      const queue = () =>
        page.evaluate(
          () =>
            JSON.parse(localStorage.getItem('gachi.kiosk.queue') ?? '[]') as { attempt: { id: string } }[],
        )
      const held = await queue()
      expect(held).toHaveLength(1)
      const wait = await page.evaluate(() => Number(localStorage.getItem('gachi.kiosk.wait')))
      expect(wait).toBeGreaterThan(Date.now() + 9 * 60_000)

      await page.goto('/kiosk')
      expect(await page.locator('.kiosk-progress-slot[data-scenario="cafe"]').textContent()).toMatch(
        new RegExp(
          `^${ko('kiosk.ui.progressRow', { attempts: 1, completed: 1, best: 'X' }).replace('X', '.+')}$`,
        ),
      )
      expect(await page.locator('.kiosk-progress-slot[data-scenario="atm"]').textContent()).toBe(
        ko('kiosk.ui.progressNone'),
      )

      // the window is over: the queued attempt goes, once
      await e2e.database.query('delete from kiosk_rate_limits where key_hash = $1', [key])
      await page.evaluate(() => localStorage.setItem('gachi.kiosk.wait', '0'))
      await open(page, 'cafe', 'relaxed')
      await expect.poll(queue).toHaveLength(0)
      const rows = await e2e.database.query('select id from kiosk_attempts where id = $1', [
        held[0]!.attempt.id,
      ])
      expect(rows).toHaveLength(1)
    } finally {
      await ctx.close()
    }
  })

  it('a keyboard-only fast-food order (Tab to each control, Enter), and the attempt reaches the server', async () => {
    const page = await context.newPage()
    const s = shippedScenarios().get('fast-food')!
    await open(page, 'fast-food', 'relaxed')
    for (const step of s.goal.steps) {
      const [screen, control] = step.split('/')
      await page.locator(`.kiosk-screen[data-screen="${screen}"]`).waitFor()
      let found = false
      for (let i = 0; i < 80 && !found; i++) {
        await page.keyboard.press('Tab')
        found = await page.evaluate(
          (c) => document.activeElement?.getAttribute('data-control') === c,
          control,
        )
      }
      expect(found, `reached ${step} with Tab`).toBe(true)
      await page.keyboard.press('Enter')
    }
    await page.locator('.kiosk-result').waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kiosk-result-h')
    await page.locator('#kiosk-app[data-synced="yes"]').waitFor()
    const [row] = await e2e.database.query<{ n: number }>(
      "select count(*)::int as n from kiosk_attempts where scenario = 'fast-food' and mode = 'relaxed'",
    )
    expect(row!.n).toBeGreaterThanOrEqual(1)
    await page.close()
  })

  it('a fast-food order by the accessibility tree only (roles and names, as a screen reader sees it)', async () => {
    const page = await context.newPage()
    const s = shippedScenarios().get('fast-food')!
    await open(page, 'fast-food', 'guided')
    const screens = new Map(s.screens.map((x) => [x.id, x]))
    for (const step of s.goal.steps) {
      const [screenId, controlId] = step.split('/')
      const sc = screens.get(screenId!)!
      const label = sc.controls.find((c) => c.id === controlId)!.label.ko
      const device = page.getByRole('region', { name: ko('kiosk.ui.device') })
      await device.getByRole('heading', { name: sc.title.ko }).waitFor()
      const tree = await device.ariaSnapshot()
      expect(tree).toContain(`button "${label}`)
      await device
        .getByRole('button', { name: new RegExp(`^✓? ?${label.replace(/[()+]/g, '\\$&')}`) })
        .click()
    }
    await page.getByRole('heading', { name: ko('kiosk.ui.done') }).waitFor()
    await page.close()
  })

  it('works offline after the first visit, and the attempt made offline is sent once when back online', async () => {
    const ctx = await e2e.newContext()
    try {
      const page = await ctx.newPage()
      await open(page, 'atm', 'guided')
      await page.locator('.kiosk-offline').waitFor({ timeout: 20_000 })
      await ctx.setOffline(true)
      await page.reload()
      await page.locator('#kiosk-app[data-ready="yes"]').waitFor()
      await followGoal(page, shippedScenarios().get('atm')!)
      await expect.poll(() => page.locator('.kiosk-saved').textContent()).toContain(ko('kiosk.ui.queued'))
      const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('gachi.kiosk.queue') ?? '[]'))
      expect(queued).toHaveLength(1)
      await ctx.setOffline(false)
      await page.evaluate(() => window.dispatchEvent(new Event('online')))
      await expect
        .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('gachi.kiosk.queue') ?? '[]').length))
        .toBe(0)
      const id = queued[0].attempt.id as string
      const rows = await e2e.database.query('select id from kiosk_attempts where id = $1', [id])
      expect(rows).toHaveLength(1)
    } finally {
      await ctx.setOffline(false).catch(() => {})
      await ctx.close()
    }
  })

  it('a tutor adapts a scenario with the live preview and publishes it; a learner plays it', async () => {
    const ctx = await e2e.newContext()
    try {
      await ctx.addCookies([await e2e.staffSession('tutor')])
      const page = await ctx.newPage()
      await page.goto('/staff/kiosk/scenarios/new?from=cafe')
      const source = page.locator('#f-source')
      const original = await source.inputValue()
      const edited = original
        .replace('"id": "my-cafe"', '"id": "e2e-bakery"')
        .replace('"ko": "카페 음료 주문"', '"ko": "우리 동네 빵집"')
      await source.fill(edited)
      await expect
        .poll(() => page.locator('.kiosk-preview-status').textContent())
        .toBe(ko('kiosk.ui.previewOk'))
      await page.locator('.kiosk-editor__preview .kiosk-screen[data-screen="welcome"]').waitFor()
      await source.fill(edited.replace('"start": "welcome"', '"start": "nowhere"'))
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/staff/kiosk/scenarios/new'),
        page.locator('button[value="publish"]').click(),
      ])
      expect(await page.locator('.error-summary').textContent()).toContain('start')
      await page.locator('#f-source').fill(edited)
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/staff/kiosk/scenarios/e2e-bakery'),
        page.locator('button[value="publish"]').click(),
      ])
      const learner = await context.newPage()
      await learner.goto('/kiosk')
      await learner.getByRole('link', { name: '우리 동네 빵집' }).click()
      await learner.locator('#kiosk-app[data-ready="yes"]').waitFor()
      const s = shippedScenarios().get('cafe')!
      await followGoal(learner, { ...s, id: 'e2e-bakery' })
      await learner.close()
    } finally {
      await ctx.close()
    }
  })
})
