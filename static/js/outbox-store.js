// The outbox's store and its sender, shared by the page (outbox.js) and the service worker
// (importScripts in sw.js, for Background Sync). A change made with no signal is kept in
// IndexedDB ("youthhub-outbox") with a key of its own and the time it was made; sending it again
// is always safe, because the server applies each key once (core/outbox.py).
// Nothing here sends a change queued by one person while another is signed in.
(function (scope) {
  "use strict";
  const DB_NAME = "youthhub-outbox";
  const ITEMS = "items";
  const META = "meta";
  const SYNC_TAG = "youthhub-outbox";

  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(ITEMS, { keyPath: "key" });
        request.result.createObjectStore(META, { keyPath: "name" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function run(storeName, mode, work) {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const transaction = db.transaction(storeName, mode);
        const result = work(transaction.objectStore(storeName));
        transaction.oncomplete = () => resolve(result && "result" in result ? result.result : result);
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error);
      });
    } finally {
      db.close();
    }
  }

  const put = (item) => run(ITEMS, "readwrite", (store) => store.put(item));
  const remove = (key) => run(ITEMS, "readwrite", (store) => store.delete(key));
  const clearItems = () => run(ITEMS, "readwrite", (store) => store.clear());

  async function items() {
    const all = await run(ITEMS, "readonly", (store) => store.getAll());
    return (all || []).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  async function owner() {
    const row = await run(META, "readonly", (store) => store.get("owner"));
    return row ? row.value : "";
  }

  const setOwner = (value) => run(META, "readwrite", (store) => store.put({ name: "owner", value }));

  /** Who is signed in on this phone now (as the last page said): only their changes are sent,
   *  and a different person signing in drops the changes of whoever was here before. */
  async function signedIn(user) {
    await setOwner(user);
    if (!user) return;
    for (const item of await items()) {
      if (item.owner !== user) await remove(item.key);
    }
  }

  /** Send one change. "sent" (applied now or before), "refused" (with the server's words: it
   *  stays in the waiting list), or "later" (no signal, or not signed in as its owner now). */
  async function send(item, csrfToken, live) {
    const body = new URLSearchParams();
    for (const [name, value] of item.fields) {
      body.append(name, name === "csrf_token" && csrfToken ? csrfToken : value);
    }
    const headers = {
      Accept: "application/json",
      "Idempotency-Key": item.key,
      "X-Taken-At": item.takenAt,
      "X-Outbox-Owner": item.owner,
    };
    if (live) headers["X-Outbox-Live"] = "1";
    let response;
    try {
      response = await fetch(item.action, { method: "POST", body, headers, credentials: "same-origin" });
    } catch (error) {
      return { outcome: "later", offline: true };
    }
    const isJson = (response.headers.get("Content-Type") || "").includes("json");
    const answer = isJson ? await response.json().catch(() => ({})) : {};
    if (answer.ok === true) return { outcome: "sent", location: answer.location, messages: answer.messages || [] };
    if (answer.ok === false && answer.message) return { outcome: "refused", message: answer.message };
    // Signed out meanwhile (the log-in page), another person's session, a server error: try later.
    return { outcome: "later" };
  }

  async function sendAll(csrfToken) {
    const user = await owner();
    const sent = [];
    if (!user) return { sent, waiting: (await items()).length };
    for (const item of await items()) {
      if (item.owner !== user || item.refused) continue;
      const result = await send(item, csrfToken, false);
      if (result.outcome === "later") break; // keep the order: the rest wait too
      if (result.outcome === "sent") {
        await remove(item.key);
        sent.push(item);
      } else {
        item.refused = result.message;
        await put(item);
      }
    }
    const left = (await items()).filter((item) => item.owner === user && !item.refused);
    return { sent, waiting: left.length };
  }

  /** Send every waiting change of the signed-in person, one sender at a time where the browser
   *  can say so (the page and the service worker may both try; the keys make that safe). */
  function flush(csrfToken) {
    if (scope.navigator && scope.navigator.locks) {
      return scope.navigator.locks.request(DB_NAME, () => sendAll(csrfToken));
    }
    return sendAll(csrfToken);
  }

  scope.YouthHubOutbox = {
    DB_NAME, SYNC_TAG, put, remove, clearItems, items, owner, signedIn, send, flush,
  };
})(self);
