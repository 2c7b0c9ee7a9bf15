// Gachi education: the tutor's roster on a phone with a weak connection (a small island; the page works
// without it as plain forms). A tap on "present"/"absent" or the walk-in form is queued on the phone
// (localStorage) with an idempotency key made at the tap, shown at once, and sent in order when the
// connection allows. Each entry stays queued until the server acknowledges its key, and a re-sent key
// changes nothing on the server — so nothing is lost when the network drops and nothing is counted twice.
;(() => {
  const root = document.getElementById('edu-roster')
  if (!root || !window.fetch || !window.localStorage) return
  const meeting = root.dataset.meeting
  const QUEUE = `gachi.edu.roster.${meeting}`
  const M = {
    present: root.dataset.msgPresent || '',
    absent: root.dataset.msgAbsent || '',
    waiting: root.dataset.msgWaiting || '',
    pending: root.dataset.msgPending || '',
    synced: root.dataset.msgSynced || '',
    failed: root.dataset.msgFailed || '',
  }
  const status = document.getElementById('edu-sync')
  let sending = false

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

  function show() {
    const q = read()
    root.dataset.pending = String(q.length)
    if (status) status.textContent = q.length ? M.pending.replace('{n}', String(q.length)) : M.synced
    for (const item of q) {
      if (item.type === 'mark') paintMark(item.enrolmentId, item.present, true)
      if (item.type === 'walkin') paintWalkIn(item.key, item.name, true)
    }
  }

  function paintMark(enrolmentId, present, waiting) {
    const el = root.querySelector(`[data-status-for="${enrolmentId}"]`)
    if (!el) return
    el.textContent = (present ? M.present : M.absent) + (waiting ? ` ${M.waiting}` : '')
    el.dataset.mark = present ? 'present' : 'absent'
    el.dataset.waiting = waiting ? 'yes' : 'no'
  }

  function paintWalkIn(key, name, waiting) {
    const list = document.getElementById('edu-walkins')
    if (!list) return
    let li = list.querySelector(`[data-key="${key}"]`)
    if (!li) {
      li = document.createElement('li')
      li.dataset.key = key
      list.append(li)
      const none = document.getElementById('edu-walkins-none')
      if (none) none.hidden = true
    }
    li.textContent = `${name} — ${M.present}${waiting ? ` ${M.waiting}` : ''}`
  }

  function enqueue(item) {
    const q = read()
    q.push(item)
    write(q)
    show()
    flush()
  }

  /** Sends queued entries in order; stops at the first that cannot reach the server (kept for later). */
  async function flush() {
    if (sending) return
    sending = true
    try {
      for (;;) {
        const q = read()
        const item = q[0]
        if (!item) break
        const url =
          item.type === 'mark' ? `/api/v1/meetings/${meeting}/marks` : `/api/v1/meetings/${meeting}/walk-ins`
        const body =
          item.type === 'mark'
            ? { enrolmentId: item.enrolmentId, present: item.present, key: item.key }
            : { name: item.name, key: item.key }
        let res
        try {
          res = await fetch(url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: {
              'content-type': 'application/json',
              'x-csrf-token': root.dataset.csrf || '',
              'idempotency-key': item.key,
            },
            body: JSON.stringify(body),
          })
        } catch {
          break // offline or the answer was lost: keep it, try again later with the same key
        }
        if (res.status >= 500 || res.status === 408 || res.status === 429) break
        const rest = read().filter((x) => x.key !== item.key)
        write(rest)
        if (res.ok) {
          if (
            item.type === 'mark' &&
            !rest.some((x) => x.type === 'mark' && x.enrolmentId === item.enrolmentId)
          )
            paintMark(item.enrolmentId, item.present, false)
          if (item.type === 'walkin') paintWalkIn(item.key, item.name, false)
        } else if (status) {
          status.textContent = M.failed
        }
      }
    } finally {
      sending = false
      const left = read().length
      root.dataset.pending = String(left)
      if (status && left) status.textContent = M.pending.replace('{n}', String(left))
      else if (status && status.textContent !== M.failed) status.textContent = M.synced
    }
  }

  root.addEventListener('submit', (event) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement)) return
    if (form.classList.contains('edu-mark')) {
      event.preventDefault()
      const present = event.submitter ? event.submitter.value === 'yes' : true
      const enrolmentId = form.elements.namedItem('enrolmentId').value
      paintMark(enrolmentId, present, true)
      enqueue({ type: 'mark', enrolmentId, present, key: newKey() })
    } else if (form.classList.contains('edu-walkin')) {
      event.preventDefault()
      const input = form.elements.namedItem('name')
      const name = input.value.trim()
      if (!name) {
        input.focus()
        return
      }
      const key = newKey()
      paintWalkIn(key, name, true)
      input.value = ''
      enqueue({ type: 'walkin', name, key })
    }
  })

  window.addEventListener('online', flush)
  setInterval(() => {
    if (read().length) flush()
  }, 4000)
  root.dataset.ready = 'yes'
  show()
  flush()
})()
