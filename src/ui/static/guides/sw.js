// Gachi digital guides: the field page's service worker (scope /staff/guides/field). The page, its script
// and the style sheet are kept so the page opens with no connection (the last copy seen online); entries
// made offline wait in the page's own queue (field.js), never here. Network first, so a guide online always
// sees today's plan.
const CACHE = 'gachi-guides-field-v1'
const KEEP = ['/staff/guides/field', '/static/guides/field.js', '/static/app.css', '/static/app.js']

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(KEEP.map((u) => new Request(u, { credentials: 'same-origin' }))))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('gachi-guides-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin) return
  const page = req.mode === 'navigate' && url.pathname === '/staff/guides/field'
  if (!page && !KEEP.includes(url.pathname)) return
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok && !res.redirected) {
          const copy = res.clone()
          caches.open(CACHE).then((c) => c.put(page ? '/staff/guides/field' : url.pathname, copy))
        }
        return res
      })
      .catch(() =>
        caches.match(page ? '/staff/guides/field' : url.pathname).then((r) => r || Response.error()),
      ),
  )
})
