// Gachi kiosk practice: the simulator island. Plain JavaScript (no build step), loaded with `defer` under
// CSP script-src 'self'. It reads a scenario (format gachi-kiosk/1, see src/domains/kiosk/format.ts) and
// plays it in one of four modes. Every visible text comes from the scenario or from data-messages (the
// server's message catalogue). Progress stays on the device (localStorage) and is sent, queued and
// idempotent, to /api/v1/kiosk/attempts.
;(() => {
  const STORE = 'gachi.kiosk.progress'
  const QUEUE = 'gachi.kiosk.queue'
  const LINK = 'gachi.kiosk.link'
  const SPEECH = 'gachi.kiosk.speech'
  const VOICE = 'gachi.kiosk.voice'
  const DEVICE = 'gachi.kiosk.device'
  const WAIT = 'gachi.kiosk.wait'

  for (const el of document.querySelectorAll('.kiosk-nojs')) el.hidden = true

  const read = (key, fallback) => {
    try {
      const v = localStorage.getItem(key)
      return v ? JSON.parse(v) : fallback
    } catch {
      return fallback
    }
  }
  const write = (key, value) => {
    try {
      localStorage.setItem(key, JSON.stringify(value))
    } catch {
      // storage full or blocked: practice still works, it is just not remembered
    }
  }

  const uuid = () => {
    if (crypto.randomUUID) return crypto.randomUUID()
    const b = crypto.getRandomValues(new Uint8Array(16))
    b[6] = (b[6] & 0x0f) | 0x40
    b[8] = (b[8] & 0x3f) | 0x80
    const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }

  /** Creates an element: h('button', { class: 'x', onclick }, 'text', child). */
  const h = (tag, attrs, ...children) => {
    const el = document.createElement(tag)
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v)
      else if (k === 'text') el.textContent = v
      else el.setAttribute(k, v === true ? '' : String(v))
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c)
    return el
  }

  const fill = (s, params) => s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m))

  // ── sending progress ────────────────────────────────────────────────────────────────────────────

  /** A random id kept on this device: the server limits how much one device may send. */
  const deviceId = () => {
    let id = read(DEVICE, null)
    if (typeof id !== 'string') {
      id = uuid()
      write(DEVICE, id)
    }
    return id
  }

  let sending = false
  let retry = null
  /**
   * Sends queued attempts; each one stays queued until the server acknowledges its id. When the server
   * says "too many" (429), waits the Retry-After seconds before trying again and returns its message.
   */
  async function flush(app) {
    const queue = read(QUEUE, [])
    if (sending || queue.length === 0 || !app || navigator.onLine === false) return null
    const wait = read(WAIT, 0) - Date.now()
    if (wait > 0) {
      retry ??= setTimeout(() => {
        retry = null
        flush(app)
      }, wait)
      return null
    }
    sending = true
    try {
      const batch = queue.slice(0, 50)
      const res = await fetch(app.dataset.attemptsUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': app.dataset.csrf || '' },
        body: JSON.stringify({
          attempts: batch.map((q) => q.attempt),
          link: read(LINK, false),
          device: deviceId(),
        }),
      })
      if (res.status === 429) {
        const seconds = Math.min(3600, Math.max(1, Number(res.headers.get('retry-after')) || 60))
        write(WAIT, Date.now() + seconds * 1000)
        clearTimeout(retry)
        retry = setTimeout(() => {
          retry = null
          flush(app)
        }, seconds * 1000)
        const body = await res.json().catch(() => null)
        return { limited: body?.error?.message || '' }
      }
      if (res.ok) {
        const r = await res.json()
        const done = new Set(r.stored)
        write(
          QUEUE,
          read(QUEUE, []).filter((q) => !done.has(q.attempt.id)),
        )
        return r
      }
      if (res.status === 404 || res.status === 422) {
        // a scenario that no longer exists, or a malformed old entry: drop what was sent
        const sent = new Set(batch.map((q) => q.attempt.id))
        write(
          QUEUE,
          read(QUEUE, []).filter((q) => !sent.has(q.attempt.id)),
        )
      }
      return null
    } catch {
      return null
    } finally {
      sending = false
    }
  }

  function remember(attempt) {
    const all = read(STORE, {})
    const p = all[attempt.scenario] || { attempts: 0, completed: 0, bestMs: null, last: null }
    p.attempts++
    if (attempt.completed) {
      p.completed++
      p.bestMs = p.bestMs === null ? attempt.durationMs : Math.min(p.bestMs, attempt.durationMs)
    }
    p.last = attempt.startedAt
    all[attempt.scenario] = p
    write(STORE, all)
    const q = read(QUEUE, [])
    q.push({ attempt })
    write(QUEUE, q.slice(-500))
  }

  function duration(M, ms) {
    const s = Math.round(ms / 1000)
    return s < 60 ? fill(M.seconds, { n: s }) : fill(M.minutes, { m: Math.floor(s / 60), s: s % 60 })
  }

  /** Registers the offline worker and asks it to keep this page and `extra` (the scenario) now. */
  function registerWorker(url, M, where, extra) {
    if (!url || !('serviceWorker' in navigator)) return
    navigator.serviceWorker
      .register(url, { scope: '/kiosk' })
      .then(() => navigator.serviceWorker.ready)
      .then(
        (reg) =>
          new Promise((resolve) => {
            const channel = new MessageChannel()
            channel.port1.onmessage = (e) => resolve(e.data)
            reg.active.postMessage({ keep: [location.pathname + location.search, ...(extra || [])] }, [
              channel.port2,
            ])
          }),
      )
      .then((answer) => {
        if (answer !== 'ok' || !where || where.querySelector('.kiosk-offline')) return
        where.append(h('p', { class: 'kiosk-offline', role: 'status', text: M.offlineReady }))
      })
      .catch(() => {})
  }

  // ── the list page: progress on this device ──────────────────────────────────────────────────────

  const progressBox = document.getElementById('kiosk-progress')
  if (progressBox) {
    const M = JSON.parse(progressBox.dataset.messages || '{}')
    const all = read(STORE, {})
    for (const slot of document.querySelectorAll('.kiosk-progress-slot')) {
      const p = all[slot.dataset.scenario]
      slot.textContent = p
        ? fill(M.progressRow, {
            attempts: p.attempts,
            completed: p.completed,
            best: p.bestMs === null ? M.empty : duration(M, p.bestMs),
          })
        : M.progressNone
      slot.hidden = false
    }
    registerWorker(progressBox.dataset.sw, M, progressBox)
  }

  // ── the simulator ───────────────────────────────────────────────────────────────────────────────

  const app = document.getElementById('kiosk-app')
  if (!app) return
  const M = JSON.parse(app.dataset.messages || '{}')
  const locale = app.dataset.locale === 'en' ? 'en' : 'ko'
  const L = (t) => (t ? t[locale] || t.ko : '')
  const money = (n) => (locale === 'ko' ? `${n.toLocaleString('ko-KR')}원` : `₩${n.toLocaleString('en-US')}`)
  const canSpeak = 'speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function'

  let sim = null

  function start(scenario, mode, options) {
    if (sim) sim.stop()
    sim = new Simulator(scenario, mode, options)
  }

  class Simulator {
    constructor(s, mode, options) {
      this.s = s
      this.mode = mode
      this.preview = !!options.preview
      this.screens = new Map(s.screens.map((x) => [x.id, x]))
      // the task chosen on the page (?goal=…): the main goal, or one of the scenario's further goals
      this.goal = (Array.isArray(s.goals) && s.goals.find((g) => g.id === app.dataset.goal)) || s.goal
      this.steps = this.goal.steps.map((x) => x.split('/'))
      this.attempt = {
        id: uuid(),
        started: Date.now(),
        wrong: 0,
        hints: 0,
        timeouts: 0,
        perScreen: new Map(),
      }
      this.finished = false
      this.timer = null
      this.speechOn = canSpeak && read(SPEECH, mode === 'guided')
      // the learner's voice and speed are remembered on the device, like the speech switch
      const said = read(VOICE, {})
      this.rate = [0.75, 1, 1.25].includes(said.rate) ? said.rate : 1
      this.voice = typeof said.voice === 'string' ? said.voice : ''
      this.root = app
      this.build()
      this.reset()
      this.onHide = () => this.abandon()
      window.addEventListener('pagehide', this.onHide)
    }

    stop() {
      clearInterval(this.timer)
      window.removeEventListener('pagehide', this.onHide)
      if (canSpeak) speechSynthesis.cancel()
    }

    stat(screen) {
      let x = this.attempt.perScreen.get(screen)
      if (!x) {
        x = { screen, wrong: 0, hints: 0, timeouts: 0 }
        this.attempt.perScreen.set(screen, x)
      }
      return x
    }

    reset() {
      this.state = {}
      this.cart = []
      this.ptr = 0
      this.go(this.s.start, true)
    }

    // The next correct control on this screen (for highlighting and "I'm stuck").
    target() {
      const step = this.steps[this.ptr]
      return step && step[0] === this.at ? step[1] : null
    }

    syncPtr() {
      if (this.steps[this.ptr] && this.steps[this.ptr][0] === this.at) return
      const after = this.steps.findIndex((st, i) => i >= this.ptr && st[0] === this.at)
      const any = this.steps.findIndex((st) => st[0] === this.at)
      this.ptr = after >= 0 ? after : any >= 0 ? any : this.ptr
    }

    build() {
      const modeClass = `kiosk-app kiosk-mode-${this.mode}${this.mode === 'relaxed' ? ' kiosk-big' : ''}`
      this.root.className = modeClass
      this.root.replaceChildren()
      this.say = h('p', { class: 'kiosk-say', id: 'kiosk-say', 'aria-live': 'polite' })
      this.feedback = h('p', { class: 'kiosk-feedback', id: 'kiosk-feedback', role: 'status' })
      const tools = h('div', { class: 'kiosk-tools' })
      tools.append(
        h(
          'button',
          {
            type: 'button',
            class: 'button button--secondary button--small',
            'data-tool': 'repeat',
            onclick: () => this.speakScreen(true),
          },
          M.repeat,
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'button button--secondary button--small',
            'data-tool': 'stuck',
            onclick: () => this.stuck(),
          },
          M.stuck,
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'button button--secondary button--small',
            'data-tool': 'restart',
            onclick: () => this.restart(),
          },
          M.restart,
        ),
      )
      if (canSpeak) {
        const toggle = h(
          'button',
          {
            type: 'button',
            class: 'button button--secondary button--small',
            'data-tool': 'speech',
            'aria-pressed': this.speechOn ? 'true' : 'false',
          },
          this.speechOn ? `✓ ${M.speech}` : M.speech,
        )
        toggle.addEventListener('click', () => {
          this.speechOn = !this.speechOn
          write(SPEECH, this.speechOn)
          toggle.setAttribute('aria-pressed', this.speechOn ? 'true' : 'false')
          toggle.textContent = this.speechOn ? `✓ ${M.speech}` : M.speech
          if (this.speechOn) this.speakScreen(true)
          else speechSynthesis.cancel()
        })
        const voice = h('select', { id: 'kiosk-voice', class: 'select kiosk-select' })
        const fillVoices = () => {
          const want = locale === 'ko' ? 'ko' : 'en'
          voice.replaceChildren(h('option', { value: '', text: M.voiceDefault }))
          for (const v of speechSynthesis.getVoices().filter((v) => v.lang.toLowerCase().startsWith(want)))
            voice.append(h('option', { value: v.name, text: v.name, selected: v.name === this.voice }))
        }
        fillVoices()
        speechSynthesis.addEventListener?.('voiceschanged', fillVoices)
        const keep = () => write(VOICE, { rate: this.rate, voice: this.voice })
        voice.addEventListener('change', () => {
          this.voice = voice.value
          keep()
          this.speakScreen(true)
        })
        const speed = h(
          'select',
          { id: 'kiosk-speed', class: 'select kiosk-select' },
          h('option', { value: '0.75', text: M.speedSlow, selected: this.rate === 0.75 }),
          h('option', { value: '1', text: M.speedNormal, selected: this.rate === 1 }),
          h('option', { value: '1.25', text: M.speedFast, selected: this.rate === 1.25 }),
        )
        speed.addEventListener('change', () => {
          this.rate = Number(speed.value)
          keep()
          this.speakScreen(true)
        })
        tools.append(
          toggle,
          h('span', { class: 'kiosk-field' }, h('label', { for: 'kiosk-voice', text: M.voice }), voice),
          h('span', { class: 'kiosk-field' }, h('label', { for: 'kiosk-speed', text: M.speed }), speed),
        )
      } else tools.append(h('p', { class: 'kiosk-nospeech', text: M.noSpeech }))
      const coach = h('section', { class: 'kiosk-coach', 'aria-label': M.coach })
      if (this.mode === 'challenge')
        coach.append(
          h('p', { class: 'kiosk-task' }, h('strong', { text: `${M.taskCard}: ` }), L(this.goal.task)),
        )
      coach.append(this.say, tools, this.feedback)
      if (app.dataset.citizen === '1' && !this.preview) {
        const box = h('input', {
          type: 'checkbox',
          id: 'kiosk-link',
          class: 'kiosk-check',
          checked: read(LINK, false),
        })
        box.addEventListener('change', () => write(LINK, box.checked))
        coach.append(h('p', { class: 'kiosk-link' }, box, h('label', { for: 'kiosk-link', text: M.link })))
      }
      this.device = h('section', {
        class: `kiosk-device kiosk-theme-${this.s.theme || 'plain'}`,
        'aria-label': M.device,
      })
      this.root.append(coach, this.device)
    }

    restart() {
      this.feedback.textContent = ''
      this.reset()
    }

    text(t) {
      const total = this.cart.reduce((n, x) => n + x.price, 0)
      return fill(L(t), { ...this.state, total: money(total) }).replace(/\{\w+\}/g, M.empty)
    }

    go(id, first) {
      const sc = this.screens.get(id)
      if (!sc) return
      this.at = id
      this.syncPtr()
      this.render(first)
      if (sc.kind === 'end') this.finish()
      else this.arm()
    }

    arm() {
      clearInterval(this.timer)
      this.timer = null
      if (this.mode !== 'realistic' || this.preview) return
      const sc = this.screens.get(this.at)
      let left = sc.timeoutSeconds || this.s.timeoutSeconds || 60
      const clock = this.device.querySelector('.kiosk-timer')
      this.timer = setInterval(() => {
        left--
        if (clock) clock.textContent = fill(M.timeLeft, { n: Math.max(left, 0) })
        if (left === 10)
          this.warn(() => {
            left = sc.timeoutSeconds || this.s.timeoutSeconds || 60
          })
        if (left <= 0) {
          clearInterval(this.timer)
          this.attempt.timeouts++
          this.stat(this.at).timeouts++
          this.feedback.textContent = M.timedOut
          this.reset()
        }
      }, 1000)
    }

    warn(extend) {
      const box = h(
        'div',
        { class: 'kiosk-warn', role: 'alertdialog', 'aria-labelledby': 'kiosk-warn-t' },
        h('p', { id: 'kiosk-warn-t', text: M.moreTimeQ }),
      )
      const b = h(
        'button',
        { type: 'button', class: 'kiosk-btn kiosk-btn--primary', 'data-tool': 'more-time' },
        M.moreTime,
      )
      b.addEventListener('click', () => {
        extend()
        box.remove()
      })
      box.append(b)
      this.device.append(box)
      b.focus()
    }

    render(first) {
      const sc = this.screens.get(this.at)
      const target = this.target()
      const showNext = this.mode === 'guided' || this.showHint
      this.showHint = false
      const panel = h('div', {
        class: `kiosk-screen kiosk-screen--${sc.kind || 'screen'} kiosk-layout-${sc.layout || 'list'}`,
        'data-screen': sc.id,
      })
      const titleId = `kiosk-title-${sc.id}`
      if (sc.kind === 'popup') {
        panel.setAttribute('role', 'dialog')
        panel.setAttribute('aria-labelledby', titleId)
      }
      panel.append(h('h2', { class: 'kiosk-title', id: titleId, tabindex: '-1', text: this.text(sc.title) }))
      panel.append(h('p', { class: 'kiosk-text', text: this.text(sc.say) }))
      if (sc.display) {
        const raw = this.state[sc.display.key] || ''
        const shown = sc.display.mask ? '●'.repeat(raw.length) : raw
        panel.append(
          h(
            'p',
            { class: 'kiosk-display' },
            h('span', { class: 'kiosk-display__label', text: `${L(sc.display.label)}: ` }),
            h('output', { 'aria-live': 'polite', text: shown || M.empty }),
          ),
        )
      }
      if (sc.kind === 'end') {
        panel.append(this.receipt())
      } else {
        if (sc.seats) panel.append(this.seatMap(sc, target, showNext))
        const list = h('div', { class: 'kiosk-controls' })
        for (const c of sc.controls) list.append(this.button(c, target, showNext))
        panel.append(list)
        if (this.cart.length && sc.layout !== 'keypad') panel.append(this.cartBar())
        if (this.mode === 'realistic' && !this.preview)
          panel.append(
            h('p', {
              class: 'kiosk-timer',
              text: fill(M.timeLeft, { n: sc.timeoutSeconds || this.s.timeoutSeconds || 60 }),
            }),
          )
      }
      if (showNext && target)
        panel.append(h('p', { id: 'kiosk-next-note', class: 'sr-only', text: M.nextNote }))
      this.device.replaceChildren(panel)
      this.say.textContent = this.text(sc.say)
      if (!first || this.preview) this.speakScreen(false)
      if (!first) panel.querySelector('.kiosk-title').focus()
    }

    chosen(c) {
      return !!c.set && Object.entries(c.set).every(([k, v]) => this.state[k] === v) && !c.to
    }

    button(c, target, showNext) {
      const isNext = showNext && c.id === target
      const pressed = this.chosen(c)
      const look = c.look || 'button'
      const b = h(
        'button',
        {
          type: 'button',
          class: `kiosk-btn kiosk-btn--${look}${isNext ? ' kiosk-next' : ''}`,
          'data-control': c.id,
          'aria-describedby': isNext ? 'kiosk-next-note' : undefined,
          'aria-pressed': c.set && !c.to ? (pressed ? 'true' : 'false') : undefined,
        },
        h('span', { class: 'kiosk-btn__label', text: `${pressed ? '✓ ' : ''}${this.text(c.label)}` }),
        c.detail ? h('span', { class: 'kiosk-btn__detail', text: this.text(c.detail) }) : null,
      )
      b.addEventListener('click', () => this.press(c))
      return b
    }

    seatMap(sc, target, showNext) {
      const { rows, cols, taken, key } = sc.seats
      const grid = h('div', { class: 'kiosk-seats', role: 'group', 'aria-label': this.text(sc.title) })
      grid.style.setProperty('--kiosk-cols', String(cols))
      for (const r of rows)
        for (let n = 1; n <= cols; n++) {
          const code = `${r}${n}`
          const id = code.toLowerCase()
          const sold = taken.includes(code)
          const mine = this.state[key] === code
          const isNext = showNext && target === id
          const b = h('button', {
            type: 'button',
            class: `kiosk-seat${sold ? ' kiosk-seat--taken' : ''}${mine ? ' kiosk-seat--mine' : ''}${isNext ? ' kiosk-next' : ''}`,
            'data-control': id,
            'aria-label': fill(sold ? M.seatTaken : mine ? M.seatChosen : M.seatFree, { seat: code }),
            'aria-describedby': isNext ? 'kiosk-next-note' : undefined,
            'aria-pressed': sold ? undefined : mine ? 'true' : 'false',
            'aria-disabled': sold ? 'true' : undefined,
            text: sold ? '×' : mine ? `✓${code}` : code,
          })
          if (!sold)
            b.addEventListener('click', () =>
              this.press({ id, label: { ko: code, en: code }, set: { [key]: code } }),
            )
          grid.append(b)
        }
      return grid
    }

    cartBar() {
      const total = this.cart.reduce((n, x) => n + x.price, 0)
      return h(
        'div',
        { class: 'kiosk-cart' },
        h('p', { class: 'kiosk-cart__title', text: M.cart }),
        h(
          'ul',
          {},
          this.cart.map((x) => h('li', { text: `${L(x.item)} ${money(x.price)}` })),
        ),
        h('p', { class: 'kiosk-cart__total', text: fill(M.total, { total: money(total) }) }),
      )
    }

    receipt() {
      const box = h('div', { class: 'kiosk-receipt' })
      if (this.cart.length) box.append(this.cartBar())
      return box
    }

    press(c) {
      if (this.finished) return
      const target = this.target()
      const right = c.id === target
      const sc = this.screens.get(this.at)
      if (!right) {
        this.attempt.wrong++
        this.stat(this.at).wrong++
        if (this.mode === 'guided' && target) {
          const t = [...sc.controls, ...[]].find((x) => x.id === target)
          const label = t ? this.text(t.label) : target.toUpperCase()
          this.feedback.textContent = fill(M.wrongGuided, { label })
          this.speak(this.feedback.textContent)
          return
        }
      } else {
        this.ptr++
        this.feedback.textContent = ''
      }
      if (c.requires?.some((k) => !this.state[k])) {
        this.feedback.textContent = c.requiresMessage ? this.text(c.requiresMessage) : M.requires
        this.speak(this.feedback.textContent)
        if (right) this.ptr--
        return
      }
      if (c.set) Object.assign(this.state, c.set)
      if (c.add) this.cart.push({ item: c.add.item, price: c.add.price })
      if (c.append) this.state[c.append.key] = (this.state[c.append.key] || '') + c.append.char
      if (c.clear) this.state[c.clear] = ''
      if (!right && this.mode !== 'guided') this.feedback.textContent = M.wrong
      if (c.to) this.go(c.to, false)
      else {
        this.render(true)
        const again = this.device.querySelector(`[data-control="${c.id}"]`)
        if (again) again.focus()
      }
    }

    stuck() {
      if (this.finished) return
      this.attempt.hints++
      this.stat(this.at).hints++
      const sc = this.screens.get(this.at)
      const target = this.target()
      const t = sc.controls.find((x) => x.id === target)
      const label = t ? this.text(t.label) : target ? target.toUpperCase() : ''
      const text = [
        sc.hint ? this.text(sc.hint) : this.text(sc.say),
        label ? fill(M.wrongGuided, { label }) : '',
      ]
        .filter(Boolean)
        .join(' ')
      this.showHint = true
      this.render(true)
      this.feedback.textContent = text
      this.speak(text, true)
      const next = this.device.querySelector('.kiosk-next')
      if (next) next.focus()
    }

    speakScreen(force) {
      const sc = this.screens.get(this.at)
      if (sc) this.speak(`${this.text(sc.title)}. ${this.text(sc.say)}`, force)
    }

    speak(text, force) {
      if (!canSpeak || (!this.speechOn && !force)) return
      speechSynthesis.cancel()
      const u = new SpeechSynthesisUtterance(text)
      u.lang = locale === 'ko' ? 'ko-KR' : 'en-US'
      u.rate = this.rate
      const v = speechSynthesis.getVoices().find((x) => x.name === this.voice)
      if (v) u.voice = v
      speechSynthesis.speak(u)
    }

    summary(completed) {
      const a = this.attempt
      return {
        id: a.id,
        scenario: this.s.id,
        scenarioVersion: this.s.version,
        mode: this.mode,
        completed,
        goalMet: this.mode === 'challenge' && completed ? this.mistakes().length === 0 : null,
        durationMs: Math.min(Date.now() - a.started, 24 * 3600 * 1000),
        wrongTaps: a.wrong,
        hints: a.hints,
        timeouts: a.timeouts,
        stoppedAt: completed ? null : this.at,
        steps: [...a.perScreen.values()].slice(0, 40),
        startedAt: new Date(a.started).toISOString(),
      }
    }

    /** Where the end state differs from the task card: what was chosen and what was asked. */
    mistakes() {
      const out = []
      const labelFor = (key, value) => {
        for (const sc of this.s.screens)
          for (const c of sc.controls) if (c.set && c.set[key] === value) return this.text(c.label)
        return value
      }
      for (const [key, want] of Object.entries(this.goal.expect || {})) {
        const got = this.state[key]
        if (got !== want)
          out.push(fill(M.mistake, { got: got ? labelFor(key, got) : M.empty, want: labelFor(key, want) }))
      }
      return out
    }

    abandon() {
      if (this.finished || this.preview) return
      if (this.attempt.wrong + this.attempt.hints + this.attempt.timeouts === 0 && this.at === this.s.start)
        return
      this.finished = true
      remember(this.summary(false))
    }

    finish() {
      this.finished = true
      clearInterval(this.timer)
      const a = this.summary(true)
      const panel = this.device.querySelector('.kiosk-screen')
      const result = h(
        'section',
        { class: 'kiosk-result', 'aria-labelledby': 'kiosk-result-h' },
        h('h2', { id: 'kiosk-result-h', tabindex: '-1', text: M.done }),
        h('p', { text: M.doneLead }),
        h(
          'ul',
          {},
          h('li', { text: fill(M.time, { t: duration(M, a.durationMs) }) }),
          h('li', { text: fill(M.wrongTaps, { n: a.wrongTaps }) }),
          h('li', { text: fill(M.hints, { n: a.hints }) }),
        ),
      )
      if (this.mode === 'challenge') {
        const wrong = this.mistakes()
        result.append(h('p', { class: 'kiosk-goal', text: wrong.length ? M.goalMissed : M.goalMet }))
        if (wrong.length)
          result.append(
            h(
              'ul',
              { class: 'kiosk-mistakes' },
              wrong.map((w) => h('li', { text: w })),
            ),
          )
      }
      const status = h('p', { class: 'kiosk-saved', role: 'status' })
      result.append(status)
      const again = h('button', { type: 'button', class: 'button', 'data-tool': 'again' }, M.again)
      again.addEventListener('click', () => start(this.s, this.mode, { preview: this.preview }))
      result.append(
        h(
          'div',
          { class: 'button-group' },
          again,
          h('a', { href: '/kiosk', class: 'button button--secondary', text: M.others }),
        ),
      )
      if (panel) panel.after(result)
      else this.device.append(result)
      result.querySelector('h2').focus()
      this.speak(`${M.done}. ${this.text(this.screens.get(this.at).say)}`)
      if (this.preview) return
      remember(a)
      status.textContent = M.saved
      flush(app).then((r) => {
        if (r?.limited) {
          status.textContent = `${M.saved} ${r.limited}`
          app.dataset.synced = 'limited'
          return
        }
        if (r?.linked) status.textContent = `${M.saved} ${M.savedLinked}`
        else if (!r && read(QUEUE, []).some((q) => q.attempt.id === a.id))
          status.textContent = `${M.saved} ${M.queued}`
        app.dataset.synced = r ? 'yes' : 'queued'
      })
    }
  }

  // ── start: a scenario from the server, or the live preview of the authoring page ─────────────────

  const mode = ['guided', 'relaxed', 'realistic', 'challenge'].includes(app.dataset.mode)
    ? app.dataset.mode
    : 'guided'

  if (app.dataset.previewSource) {
    const source = document.getElementById(app.dataset.previewSource)
    const status = h('p', { class: 'kiosk-preview-status', role: 'status' })
    app.before(status)
    let last = ''
    let pending = null
    const refresh = () => {
      const text = source.value
      if (text === last) return
      last = text
      try {
        const s = JSON.parse(text)
        if (!s || !Array.isArray(s.screens) || !s.start || !s.goal || !Array.isArray(s.goal.steps))
          throw new Error('screens, start, goal')
        start(s, mode, { preview: true })
        status.textContent = M.previewOk
      } catch (e) {
        status.textContent = fill(M.previewPaused, { error: e instanceof Error ? e.message : String(e) })
      }
    }
    source.addEventListener('input', () => {
      clearTimeout(pending)
      pending = setTimeout(refresh, 500)
    })
    refresh()
    return
  }

  fetch(app.dataset.scenarioUrl, { credentials: 'same-origin' })
    .then((r) => {
      if (!r.ok) throw new Error(String(r.status))
      return r.json()
    })
    .then((s) => {
      start(s, mode, {})
      app.dataset.ready = 'yes'
      registerWorker(app.dataset.sw, M, app.parentElement, [app.dataset.scenarioUrl])
      flush(app)
    })
    .catch(() => {
      app.replaceChildren(h('p', { class: 'kiosk-feedback', role: 'alert', text: M.loadFailed }))
      for (const el of document.querySelectorAll('.kiosk-nojs')) el.hidden = false
    })
  window.addEventListener('online', () => flush(app))
})()
