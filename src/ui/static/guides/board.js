// Live board island (/staff/guides/board): re-reads the page every 30 s (same origin, the manager's own
// session) and swaps the parts marked data-live-part, so who is checked in where stays current without a
// reload. A part that holds the keyboard focus is left alone until the next round; nothing is fetched
// while the tab is hidden. The status line (role=status, aria-live=polite) speaks only when a table
// changed. The map of who is here (map island) re-reads its layers in the same round, so map and list agree.
// Without JavaScript the page is the same, current as of its "as of" time.
;(() => {
  const root = document.getElementById('guides-board')
  const status = document.getElementById('board-updated')
  if (!root || !status || !window.fetch || !window.DOMParser) return
  const every = Math.max(1000, Number(window.__gachiBoardInterval || root.dataset.interval || 30000))
  status.textContent = root.dataset.auto || ''
  let busy = false

  async function refresh() {
    if (busy || document.hidden) return
    busy = true
    try {
      const res = await fetch(location.pathname + location.search, {
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { accept: 'text/html' },
      })
      // signed out (sent to sign-in) or refused: say so, keep what is shown
      if (!res.ok || res.redirected) throw new Error(String(res.status))
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html')
      let changed = false
      for (const el of document.querySelectorAll('[data-live-part]')) {
        const fresh = doc.getElementById(el.id)
        if (!fresh || el.contains(document.activeElement)) continue
        if (fresh.innerHTML === el.innerHTML) continue
        el.replaceChildren(...[...fresh.childNodes].map((n) => document.importNode(n, true)))
        for (const [k, val] of Object.entries(fresh.dataset)) el.dataset[k] = val
        if (el.dataset.livePart !== 'quiet') changed = true
      }
      // the map beside the list re-reads its layers in the same round (markers swapped, map kept)
      for (const m of document.querySelectorAll('[data-map]'))
        m.dispatchEvent(new CustomEvent('gachi:map-refresh'))
      root.dataset.refreshed = String(Number(root.dataset.refreshed || 0) + 1)
      if (changed) {
        const asOf = document.getElementById('board-asof')
        status.textContent = (root.dataset.updated || '').replace('{time}', asOf?.dataset.time || '')
      }
    } catch {
      status.textContent = root.dataset.failed || ''
    } finally {
      busy = false
    }
  }

  setInterval(refresh, every)
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh()
  })
})()
