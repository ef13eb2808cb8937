// The note-taker's app shell, for a reload with the network down. Registered by the notes view only.
// Built assets are content-hashed, so a cached copy is never stale: cache first. The page itself is
// served from the cache at once and refreshed behind (stale-while-revalidate), so a new deployment
// shows on the next load. Sockets and the API always go to the network.
const CACHE = 'rostrum-shell-v1'
const SHELL = '/index.html'

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(SHELL)).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key)
    await self.clients.claim()
  })())
})

self.addEventListener('message', (event) => {
  const data = event.data
  if (data === null || typeof data !== 'object' || data.type !== 'cache-shell' || !Array.isArray(data.urls)) return
  const urls = data.urls.filter((url) => typeof url === 'string' && isAsset(new URL(url, self.location.origin)))
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((url) => cache.add(url).catch(() => undefined)))))
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (request.mode === 'navigate' && /^\/m\/[^/]+\/notes\/?$/.test(url.pathname)) {
    event.respondWith(shell(event))
  } else if (isAsset(url)) {
    event.respondWith(cacheFirst(request))
  }
  // Everything else (/socket.io, /api, exports) is left to the network.
})

function isAsset (url) {
  return url.origin === self.location.origin && url.pathname.startsWith('/assets/')
}

async function cacheFirst (request) {
  const cache = await caches.open(CACHE)
  const cached = await cache.match(request)
  if (cached !== undefined) return cached
  const response = await fetch(request)
  if (response.ok) await cache.put(request, response.clone())
  return response
}

/** Every meeting page is the same index.html; the app reads the route from the address. Other
 * views are never served from here: a chair must always get the current version. */
async function shell (event) {
  const cache = await caches.open(CACHE)
  const cached = await cache.match(SHELL)
  const fresh = fetch(event.request).then(async (response) => {
    if (response.ok) await cache.put(SHELL, response.clone())
    return response
  })
  if (cached === undefined) return fresh
  event.waitUntil(fresh.catch(() => undefined))
  return cached
}
