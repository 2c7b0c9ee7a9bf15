// Gachi digital guides: the field page on a phone with a weak connection (the page works without this as
// plain forms). A check-in, check-out or assist is queued on the phone (localStorage) with an idempotency
// key made at the tap, shown at once, and sent to /api/v1/guides/sync when the connection allows. An entry
// stays queued until the server answers for its key, and a re-sent key changes nothing on the server — so
// nothing is lost when the network drops and nothing is counted twice. Answers to the open opinion question
// on the page go through the same queue. Also installs the page (manifest +
// service worker scoped to the field page) so it opens offline.
;(() => {
  const root = document.getElementById('guides-field')
  if (!root || !window.fetch || !window.localStorage) return
  const QUEUE = 'gachi.guides.queue'
  const M = {
    queued: root.dataset.msgQueued || '',
    pending: root.dataset.msgPending || '',
    synced: root.dataset.msgSynced || '',
    failed: root.dataset.msgFailed || '',
    saved: root.dataset.msgSaved || '',
  }
  const status = document.getElementById('guides-sync')
  const FAILED = 'gachi.guides.failed'
  function showFailed() {
    let box = document.getElementById('guides-failed')
    let items = []
    try {
      items = JSON.parse(localStorage.getItem(FAILED) || '[]')
    } catch {
      items = []
    }
    if (!items.length) {
      if (box) box.remove()
      return
    }
    if (!box) {
      box = document.createElement('div')
      box.id = 'guides-failed'
      box.className = 'guides-failed'
      status?.after(box)
    }
    box.replaceChildren()
    const title = document.createElement('p')
    title.textContent = M.failed
    const list = document.createElement('ul')
    for (const it of items) {
      const li = document.createElement('li')
      li.textContent = `${it.label}: ${it.errors.join(' ')}`
      list.append(li)
    }
    const clear = document.createElement('button')
    clear.type = 'button'
    clear.className = 'button button--secondary button--small'
    clear.textContent = root.dataset.msgDismiss || 'OK'
    clear.addEventListener('click', () => {
      localStorage.removeItem(FAILED)
      showFailed()
    })
    box.append(title, list, clear)
  }
  let sending = false

  const link = document.createElement('link')
  link.rel = 'manifest'
  link.href = '/api/v1/guides/field.webmanifest'
  document.head.append(link)
  if ('serviceWorker' in navigator)
    navigator.serviceWorker
      .register('/api/v1/guides/field-sw.js', { scope: '/staff/guides/field' })
      .catch(() => undefined)

  const read = () => {
    try {
      const v = JSON.parse(localStorage.getItem(QUEUE) || '[]')
      return Array.isArray(v) ? v : []
    } catch {
      return []
    }
  }
  const write = (q) => {
    try {
      localStorage.setItem(QUEUE, JSON.stringify(q))
    } catch {
      /* storage full or blocked: the entry still goes out now if it can */
    }
  }
  const newKey = () => {
    if (window.crypto?.randomUUID) return crypto.randomUUID()
    const b = new Uint8Array(16)
    crypto.getRandomValues(b)
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  }
  const say = (text) => {
    if (status) status.textContent = text
  }
  function show() {
    const q = read()
    root.dataset.pending = String(q.length)
    if (q.length) say(M.pending.replace('{n}', String(q.length)))
  }
  function listMine(entry, waiting) {
    if (entry.type !== 'assist') return
    const list = document.getElementById('guides-mine')
    if (!list) return
    let li = list.querySelector(`[data-key="${entry.data.key}"]`)
    if (!li) {
      li = document.createElement('li')
      li.dataset.key = entry.data.key
      list.prepend(li)
      const none = document.getElementById('guides-mine-none')
      if (none) none.hidden = true
    }
    li.textContent = `${entry.label}${waiting ? ` — ${M.queued}` : ''}`
  }

  async function flush() {
    // when the browser knows it is offline, do not try: the 'online' event sends the queue. (A page under a
    // service worker could otherwise reach the server by a path the browser's offline state does not cover.)
    if (sending || navigator.onLine === false) return
    const q = read()
    if (!q.length) return
    sending = true
    try {
      const res = await fetch('/api/v1/guides/sync', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': root.dataset.csrf || '' },
        body: JSON.stringify({ entries: q.map((e) => ({ type: e.type, data: e.data })) }),
      })
      if (!res.ok) {
        if (res.status === 401 || res.status === 403) say(M.failed)
        return
      }
      const body = await res.json()
      const answered = new Map(body.results.map((r) => [r.key, r]))
      let failed = false
      const refused = []
      write(
        read().filter((e) => {
          const r = answered.get(e.data.key)
          if (!r) return true
          if (!r.ok) {
            failed = true
            refused.push({ label: e.label, errors: Object.values(r.errors || {}) })
          } else listMine(e, false)
          return false
        }),
      )
      // an entry the server refused (e.g. a referral without consent) is not dropped silently: it stays
      // listed with the reason until the guide dismisses it
      if (refused.length) {
        try {
          const kept = JSON.parse(localStorage.getItem(FAILED) || '[]')
          localStorage.setItem(FAILED, JSON.stringify([...kept, ...refused].slice(-20)))
        } catch {
          /* storage blocked: the status line still says it failed */
        }
        showFailed()
      }
      say(failed ? M.failed : M.synced)
    } catch {
      /* offline: everything stays queued */
    } finally {
      sending = false
      show()
    }
  }

  // voice's open question on this page (OpinionOnField) posts to /staff/voice/questions/{id}/field: its
  // answer joins the same queue (type "opinion", the key made here) once a choice and a group are picked;
  // an incomplete form goes to the server as usual, which shows what is missing
  const OPINION = /\/staff\/voice\/questions\/([0-9a-f-]{36})\/field$/i
  function queueOpinion(event, form, id) {
    const fd = new FormData(form)
    if (!fd.get('choice') || !fd.get('respondentGroup')) return
    event.preventDefault()
    const picked = form.querySelector('input[name="choice"]:checked')
    const choiceLabel = picked?.labels?.[0]?.textContent?.trim() || ''
    const question = form.querySelector('legend')?.textContent?.trim() || ''
    const data = {
      key: newKey(),
      at: new Date().toISOString(),
      campaignId: id,
      choice: String(fd.get('choice')),
      respondentGroup: String(fd.get('respondentGroup')),
    }
    if (fd.get('districtCode')) data.districtCode = String(fd.get('districtCode'))
    const entry = {
      type: 'opinion',
      data,
      label: `${new Date().toLocaleTimeString()} ${question}: ${choiceLabel}`,
    }
    const q = read()
    q.push(entry)
    write(q)
    // ready for the next person: the choices are cleared
    for (const r of form.querySelectorAll('input[type="radio"]')) r.checked = false
    say(M.saved)
    show()
    flush()
  }

  root.addEventListener('submit', (event) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement)) return
    const opinion = OPINION.exec(new URL(form.action, location.href).pathname)
    if (opinion) return queueOpinion(event, form, opinion[1])
    if (!form.classList.contains('guides-queue')) return
    event.preventDefault()
    const data = {}
    for (const [k, v] of new FormData(form)) {
      if (k === '_csrf') continue
      if (k in data) data[k] = [].concat(data[k], v)
      else data[k] = v
    }
    const sub = event.submitter
    if (sub?.name) data[sub.name] = sub.value
    data.key = newKey()
    data.at = new Date().toISOString()
    const type = form.dataset.type
    const label = `${new Date().toLocaleTimeString()} ${sub?.textContent?.trim() || ''}`
    const entry = { type, data, label }
    const q = read()
    q.push(entry)
    write(q)
    listMine(entry, true)
    say(M.saved)
    show()
    flush()
  })

  window.addEventListener('online', flush)
  setInterval(() => {
    if (read().length) flush()
  }, 4000)
  root.dataset.ready = 'yes'
  show()
  showFailed()
  flush()
})()
