// The outbox on the page: a form marked data-offline="outbox" (a rating, a ticked step, a
// claim) that can't reach the server is kept on this phone and sent by itself later. Only an
// enhancement: without JavaScript (or IndexedDB) the forms post as they always did.
// The words come from the page (data- attributes of [data-outbox-words]), so Welsh works too.
(function () {
  "use strict";
  const box = document.querySelector("[data-outbox]");
  const store = window.YouthHubOutbox;
  if (!box || !store || !("indexedDB" in window) || !window.fetch) return;
  const words = box.querySelector("[data-outbox-words]").dataset;
  const user = box.dataset.user || "";
  const status = box.querySelector("[data-outbox-status]");
  // A live region from the start, so what it says later is announced; given here, not in the
  // HTML, because this script runs once the stylesheet (which hides it while empty) has loaded:
  // an empty "status" is never on the page before that.
  status.setAttribute("role", "status");
  const list = box.querySelector("[data-outbox-list]");
  const leave = box.querySelector("[data-outbox-leave]");
  const RETRY_MS = 30000;

  const fill = (text, count) => text.replace("{count}", String(count));
  const csrfToken = () => (document.querySelector("input[name=csrf_token]") || {}).value || "";

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function mine() {
    return user ? (await store.items()).filter((item) => item.owner === user) : [];
  }

  // What the outbox last said ("Saved on this phone", "sent"): it stays until it is no longer true
  // or something new is said, whoever (this page or the service worker) sent the changes.
  let said = "";

  async function show(saidNow) {
    const items = await mine();
    const waiting = items.filter((item) => !item.refused);
    const refused = items.filter((item) => item.refused);
    if (saidNow !== undefined) said = saidNow;
    if (said === words.saved && !waiting.length) said = "";
    const lines = [];
    if (said) lines.push(said);
    if (waiting.length) lines.push(fill(words.waiting, waiting.length));
    status.textContent = lines.join(" ");
    list.replaceChildren(...refused.map(refusedItem));
    list.hidden = refused.length === 0;
    box.classList.toggle("outbox--busy", lines.length > 0 || refused.length > 0);
  }

  function refusedItem(item) {
    const row = document.createElement("li");
    row.className = "outbox__refused";
    const text = document.createElement("p");
    const what = document.createElement("strong");
    what.textContent = item.label || words.change;
    text.append(what, document.createTextNode(" " + words.notSent + " " + item.refused));
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button button--secondary";
    discard.textContent = words.discard;
    discard.addEventListener("click", async () => {
      await store.remove(item.key);
      await show();
      status.focus();
    });
    row.append(text, discard);
    return row;
  }

  const waitingCount = async () => (await mine()).filter((item) => !item.refused).length;

  async function sendWaiting() {
    if (!user || !navigator.onLine) return;
    const before = await waitingCount();
    if (!before) return show();
    await store.flush(csrfToken());
    // Sent by this page or, as it waited its turn, by the service worker: either way, sent.
    await show((await waitingCount()) < before ? words.sent : undefined);
  }

  async function keep(form, fields) {
    await store.put({
      key: newKey(),
      owner: user,
      action: form.action,
      fields,
      label: form.dataset.offlineLabel || "",
      takenAt: new Date().toISOString(),
      queuedAt: new Date().toISOString(),
      refused: "",
    });
    await show(words.saved);
    form.reset();
    status.focus();
    askForSync();
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready
      .then((registration) => registration.sync && registration.sync.register(store.SYNC_TAG))
      .catch(() => {});
  }

  async function submitted(event) {
    const form = event.target;
    if (form.dataset.offline !== "outbox" || form.dataset.outboxPass) return;
    event.preventDefault();
    // A second tap while the first is on its way would be a second rating or claim (each send
    // has its own key): it waits for the first's answer instead.
    if (form.dataset.outboxSending) return;
    const data = event.submitter ? new FormData(form, event.submitter) : new FormData(form);
    const fields = Array.from(data.entries()).filter(([, value]) => typeof value === "string");
    if (!navigator.onLine) return keep(form, fields);
    const item = { key: newKey(), owner: user, action: form.action, fields, takenAt: new Date().toISOString() };
    busy(form, true);
    let result;
    try {
      result = await store.send(item, "", true);
    } catch (error) {
      busy(form, false);
      throw error;
    }
    // Sent: the form stays busy while the next page loads.
    if (result.outcome === "sent") return goTo(result.location || window.location.href);
    busy(form, false);
    if (result.offline) return keep(form, fields);
    // Refused, or an answer that isn't the outbox's (signed out meanwhile): the plain form
    // shows why, with what was typed, as it does without JavaScript. Nothing was applied.
    postAsUsual(form, event.submitter);
  }

  function busy(form, sending) {
    if (sending) {
      form.dataset.outboxSending = "1";
      form.setAttribute("aria-busy", "true");
    } else {
      delete form.dataset.outboxSending;
      form.removeAttribute("aria-busy");
    }
  }

  // Back to a page kept in the browser's memory: its forms can be sent again.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-outbox-sending]").forEach((form) => busy(form, false));
  });

  function postAsUsual(form, submitter) {
    form.dataset.outboxPass = "1";
    if (submitter && submitter.name) {
      const pressed = document.createElement("input");
      Object.assign(pressed, { type: "hidden", name: submitter.name, value: submitter.value });
      form.append(pressed);
    }
    HTMLFormElement.prototype.submit.call(form);
  }

  function goTo(address) {
    const next = new URL(address, window.location.href);
    const here = window.location;
    if (next.pathname + next.search !== here.pathname + here.search) return here.assign(next.href);
    // The same page at another #place (a ticked step): show it again, changed.
    here.hash = next.hash;
    here.reload();
  }

  // Logging out: say first if changes would be lost, then empty this phone's offline data
  // (Clear-Site-Data does too, where the browser honours it).
  async function loggingOut(event) {
    const form = event.target;
    if (!form.hasAttribute("data-outbox-logout") || form.dataset.outboxPass) return;
    event.preventDefault();
    const count = (await mine()).length + (await registerChangesWaiting());
    if (count && leave.hidden) {
      leave.querySelector("[data-outbox-leave-text]").textContent = fill(words.leaveWarning, count);
      leave.hidden = false;
      leave.querySelector("[data-outbox-leave-go]").onclick = () => goOut(form);
      leave.querySelector("[data-outbox-leave-stay]").onclick = () => {
        leave.hidden = true;
      };
      leave.querySelector("[data-outbox-leave-text]").focus();
      return;
    }
    goOut(form);
  }

  // A worker's register taken with no signal waits in its own database (register-offline.js,
  // not loaded on every page): logging out deletes those changes too, so they are counted.
  // Only an existing database is opened: opening a missing one would create it empty.
  async function registerChangesWaiting() {
    if (!indexedDB.databases) return 0;
    const names = (await indexedDB.databases()).map((info) => info.name);
    if (!names.includes("youthhub-register")) return 0;
    const opening = indexedDB.open("youthhub-register");
    const db = await new Promise((resolve, reject) => {
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
    try {
      if (!db.objectStoreNames.contains("changes")) return 0;
      const counting = db.transaction("changes").objectStore("changes").count();
      return await new Promise((resolve, reject) => {
        counting.onsuccess = () => resolve(counting.result);
        counting.onerror = () => reject(counting.error);
      });
    } finally {
      db.close();
    }
  }

  async function goOut(form) {
    await clearPhone();
    form.dataset.outboxPass = "1";
    HTMLFormElement.prototype.submit.call(form);
  }

  // If the phone's storage fails (a private window, a full disk), the form posts as usual
  // rather than losing what was typed.
  document.addEventListener("submit", (event) => {
    submitted(event).catch(() => postAsUsual(event.target, event.submitter));
    loggingOut(event).catch(() => postAsUsual(event.target, null));
  });

  async function start() {
    if ("clear" in box.dataset) return clearPhone();
    await store.signedIn(user);
    await show();
    await sendWaiting();
    window.addEventListener("online", () => sendWaiting().catch(() => {}));
    window.setInterval(() => sendWaiting().catch(() => {}), RETRY_MS);
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.addEventListener("message", (event) => {
        if (event.data && event.data.outbox) show(event.data.sent ? words.sent : undefined).catch(() => {});
      });
    }
  }

  start().catch(() => {});
})();

/** Forget everything this site kept on the phone: every IndexedDB database (the outbox, a
 *  worker's register) and the pages kept for offline use. */
async function clearPhone() {
  const known = ["youthhub-outbox", "youthhub-register"];
  let names = known;
  if (indexedDB.databases) {
    try {
      names = (await indexedDB.databases()).map((db) => db.name).concat(known);
    } catch (error) {
      names = known;
    }
  }
  await Promise.all(
    Array.from(new Set(names)).map(
      (name) =>
        new Promise((resolve) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        })
    )
  );
  if (window.caches) {
    const keys = await caches.keys();
    await Promise.all(keys.filter((key) => key.startsWith("pages-")).map((key) => caches.delete(key)));
  }
}
