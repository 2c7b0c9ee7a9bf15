// Gachi kiosk practice: the service worker (served at /api/v1/kiosk/sw.js with scope /kiosk). After the
// first visit the practice pages, the simulator, its styles and every scenario opened once keep working
// without a connection (class tablets on weak Wi-Fi). Pages and scenarios: network first, then the copy
// kept here; static files: the copy first. Progress is queued by the page itself, not here.
const CACHE = 'gachi-kiosk-v1'
const PRECACHE = [
  '/kiosk',
  '/static/app.css',
  '/static/app.js',
  '/static/fonts.css',
  '/static/kiosk/kiosk.css',
  '/static/kiosk/kiosk.js',
  '/api/v1/kiosk/scenarios',
]

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => Promise.all(PRECACHE.map((u) => c.add(u).catch(() => undefined))))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('gachi-kiosk-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  )
})

// The page asks to keep itself and its scenario (first visit): answer when they are stored.
self.addEventListener('message', (event) => {
  const urls = event.data && Array.isArray(event.data.keep) ? event.data.keep : []
  const reply = event.ports?.[0]
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => Promise.all(urls.map((u) => c.add(u))))
      .then(
        () => reply?.postMessage('ok'),
        () => reply?.postMessage('failed'),
      ),
  )
})

const isStatic = (p) => p.startsWith('/static/') || p.startsWith('/fonts/')
const isKiosk = (p) => p === '/kiosk' || p.startsWith('/kiosk/') || p.startsWith('/api/v1/kiosk/scenarios')

async function networkFirst(request) {
  const cache = await caches.open(CACHE)
  try {
    const res = await fetch(request)
    if (res.ok) await cache.put(request, res.clone())
    return res
  } catch (e) {
    const hit =
      (await cache.match(request, { ignoreVary: true })) ||
      (await cache.match(request, { ignoreVary: true, ignoreSearch: true }))
    if (hit) return hit
    throw e
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE)
  const hit = await cache.match(request, { ignoreVary: true })
  if (hit) {
    fetch(request)
      .then((res) => (res.ok ? cache.put(request, res) : undefined))
      .catch(() => undefined)
    return hit
  }
  const res = await fetch(request)
  if (res.ok) await cache.put(request, res.clone())
  return res
}

self.addEventListener('fetch', (event) => {
  const { request } = event
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (isStatic(url.pathname)) event.respondWith(cacheFirst(request))
  else if (isKiosk(url.pathname)) event.respondWith(networkFirst(request))
})
