/* YouthHub service worker: keeps the app shell and a young person's own pages for when the
   signal drops. Network first for pages, cache first for fingerprinted static files. */
importScripts({{ outbox_script | tojson }});
const VERSION = {{ version | tojson }};
const SHELL_CACHE = "shell-" + VERSION;
const PAGE_CACHE = "pages-v1";
const PRECACHE = {{ precache | tojson }};
const OFFLINE_PAGES = {{ offline_pages | tojson }};
const LOCALES = {{ locales | tojson }};
const NEVER_CACHE = {{ never_cache | list | tojson }};
const KEPT_ANYWAY = {{ kept_anyway | list | tojson }};
const LOCALE_KEY = "/__youthhub-locale";

// "private": a page this worker never keeps; "unsaved": one it keeps, but has no copy of yet.
const offlineUrl = (locale, page) => "/offline?lang=" + locale + "&page=" + page;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE.concat(OFFLINE_PAGES)))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((key) => key.startsWith("shell-") && key !== SHELL_CACHE)
        .map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

const isStatic = (url) => url.pathname.startsWith("/static/");
// A static file named by its content (app.3f2a1b9c0d1e.css) never changes: keep it for good.
const isFingerprinted = (url) => /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/.test(url.pathname);
const mayKeep = (url) =>
  KEPT_ANYWAY.includes(url.pathname) || !NEVER_CACHE.some((prefix) => url.pathname.startsWith(prefix));

async function rememberLocale(response) {
  const locale = response.headers.get("Content-Language");
  if (locale && LOCALES.includes(locale)) {
    const cache = await caches.open(PAGE_CACHE);
    await cache.put(LOCALE_KEY, new Response(locale));
  }
}

async function offlinePage(url) {
  const cache = await caches.open(PAGE_CACHE);
  const saved = await cache.match(LOCALE_KEY);
  const locale = saved ? await saved.text() : LOCALES[0];
  const page = mayKeep(url) ? "unsaved" : "private";
  return (await caches.match(offlineUrl(locale, page))) || caches.match(offlineUrl(LOCALES[0], page));
}

async function networkFirst(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    await rememberLocale(response);
    if (response.ok && mayKeep(url) && !response.headers.get("Cache-Control")?.includes("no-store")) {
      const cache = await caches.open(PAGE_CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    // A page kept ahead of time (the day's registers) was fetched by this worker, not opened:
    // its copy is the same page whatever headers the browser would have sent.
    const kept = mayKeep(url)
      ? (await caches.match(request)) || (await caches.match(url.href, { ignoreVary: true }))
      : null;
    return kept || offlinePage(url);
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && isFingerprinted(new URL(request.url))) {
    const cache = await caches.open(SHELL_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (isStatic(url)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  }
});

// The register at the door with no signal (static/js/register-offline.js). Opening "today"
// asks for the day's register pages to be kept; changes taken offline wait in IndexedDB and
// are sent from here by Background Sync, where the browser has it.
importScripts({{ register_script | tojson }});

async function keepPages(urls) {
  const cache = await caches.open(PAGE_CACHE);
  for (const address of urls) {
    const url = new URL(address, self.location.origin);
    if (url.origin !== self.location.origin || !mayKeep(url)) continue;
    try {
      const response = await fetch(url.href, { credentials: "same-origin" });
      if (response.ok && !response.headers.get("Cache-Control")?.includes("no-store")) {
        await cache.put(url.href, response);
      }
    } catch (error) {
      return; // the signal went: the pages already kept stay
    }
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep-pages" && Array.isArray(data.urls)) {
    event.waitUntil(keepPages(data.urls.filter((url) => typeof url === "string")));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === self.YouthHubRegister.SYNC_TAG) {
    event.waitUntil(self.YouthHubRegister.sendWaiting().then((sent) => {
      // Not sent yet: the browser tries the sync again later.
      if (!sent) throw new Error("still waiting");
    }));
  }
});

// Notifications (notices/push.py). A push carries only a notice's number: the words are
// fetched from the app with this browser's cookie, so they reach only the signed-in recipient.
// A push this session can't read (signed out, or the phone changed hands) still shows words
// that name nobody: browsers require a notification for every push.
const NEWS_URL = "/notices/";

async function wordsFor(data) {
  const notice = data && Number.isInteger(data.notice) ? "?notice=" + data.notice : "";
  try {
    const response = await fetch("/notices/pushed.json" + notice, { credentials: "same-origin" });
    if (response.ok && response.headers.get("Content-Type")?.includes("json")) {
      return await response.json();
    }
    const general = await fetch("/notices/pushed.json", { credentials: "same-origin" });
    if (general.ok && general.headers.get("Content-Type")?.includes("json")) {
      return await general.json();
    }
  } catch (error) {
    // Offline as it woke: the general words below.
  }
  return { title: {{ programme | tojson }}, body: {{ general_news | tojson }}, url: NEWS_URL };
}

async function showPushed(event) {
  let data = null;
  try {
    data = event.data ? event.data.json() : null;
  } catch (error) {
    data = null;
  }
  const words = await wordsFor(data);
  const url = new URL(words.url || NEWS_URL, self.location.origin);
  await self.registration.showNotification(words.title, {
    body: words.body,
    icon: {{ icon | tojson }},
    tag: data && data.notice ? "notice-" + data.notice : "news",
    data: { url: url.origin === self.location.origin ? url.pathname + url.search : NEWS_URL },
  });
}

self.addEventListener("push", (event) => {
  event.waitUntil(showPushed(event));
});

async function openFromNotification(url) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) {
    if (new URL(client.url).origin === self.location.origin && "navigate" in client) {
      // The app is open already: show the notice's page there rather than a second copy.
      const shown = (await client.navigate(url)) || client;
      return shown.focus();
    }
  }
  return self.clients.openWindow(url);
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openFromNotification((event.notification.data || {}).url || NEWS_URL));
});

// The outbox (static/js/outbox-store.js): changes a young person made with no signal are sent
// when the browser says the network is back, even with the app closed (Background Sync, where
// the browser has it; elsewhere the page sends them when it opens, comes online, and on a timer).
async function sendWaitingChanges() {
  const { sent, waiting } = await self.YouthHubOutbox.flush("");
  const windows = await self.clients.matchAll({ type: "window" });
  windows.forEach((client) => client.postMessage({ outbox: "changed", sent: sent.length }));
  // Still some waiting (no signal after all, or signed out): the browser tries again later.
  if (waiting) throw new Error("changes still waiting to send");
}

self.addEventListener("sync", (event) => {
  if (event.tag === self.YouthHubOutbox.SYNC_TAG) event.waitUntil(sendWaitingChanges());
});
