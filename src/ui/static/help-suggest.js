// Help desk: while a citizen writes their question, suggest matching help articles (the same search
// as the page, from the JSON API). Debounced; the list is replaced, and a polite live region says how
// many were found. Without JS the page itself shows the suggestions for what was sent.
;(() => {
  const box = document.getElementById('help-suggest')
  if (!box || !window.fetch) return
  const field = document.getElementById(box.getAttribute('data-source') || '')
  const list = document.getElementById('help-suggest-list')
  const status = document.getElementById('help-suggest-status')
  if (!field || !list || !status) return
  const api = box.getAttribute('data-api') || '/api/v1/help/articles'
  const none = box.getAttribute('data-none') || ''
  const found = box.getAttribute('data-found') || '{n}'
  let timer = 0
  let last = field.value.trim()
  let pending = null

  const render = (items) => {
    list.textContent = ''
    if (items.length === 0) {
      const p = document.createElement('p')
      p.textContent = none
      list.appendChild(p)
      status.textContent = none
      return
    }
    const ul = document.createElement('ul')
    ul.className = 'link-list help-hits'
    for (const h of items.slice(0, 3)) {
      const li = document.createElement('li')
      const a = document.createElement('a')
      a.href = `/help/articles/${encodeURIComponent(h.slug)}`
      a.textContent = h.title
      const p = document.createElement('p')
      p.textContent = h.summary
      li.appendChild(a)
      li.appendChild(p)
      ul.appendChild(li)
    }
    list.appendChild(ul)
    status.textContent = found.replace('{n}', String(Math.min(items.length, 3)))
  }

  const lookUp = async (q) => {
    if (pending) pending.abort()
    pending = new AbortController()
    try {
      const r = await fetch(`${api}?q=${encodeURIComponent(q.slice(0, 100))}`, {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
        signal: pending.signal,
      })
      if (!r.ok) return
      const body = await r.json()
      render(Array.isArray(body.items) ? body.items : [])
    } catch {
      // offline or replaced by a newer look-up: keep what is shown
    }
  }

  field.addEventListener('input', () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => {
      const q = field.value.trim()
      if (q === last || q.length < 2) return
      last = q
      lookUp(q)
    }, 400)
  })
})()
