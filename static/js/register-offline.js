// The register at the door with no signal (issue 16). Only an enhancement: without JavaScript
// the register is the server's plain form.
//
// Each change a worker makes while offline (a mark, a walk-in by name, a headcount) is kept at
// once in this phone's IndexedDB database "youthhub-register", with an idempotency key and the
// time it was really taken, and sent when there is signal: by Background Sync where the
// browser has it, else when a page opens, on `online` and on a timer. The server applies each
// key once (activities/register_sync.py) and answers; a refusal stays in the list with its
// reason until the worker removes it. The service worker loads this file too (importScripts)
// for its `sync` event: everything above the page part uses no DOM.
(function (scope) {
  "use strict";
  const DB_NAME = "youthhub-register";
  const SYNC_TAG = "youthhub-register";
  const BATCH = 50;

  function done(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function finished(transaction) {
    return new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
  }

  function openDb() {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      // In the order taken (seq), which is the order the server applies them.
      db.createObjectStore("changes", { keyPath: "seq", autoIncrement: true });
      db.createObjectStore("registers", { keyPath: "activity" });
      db.createObjectStore("meta", { keyPath: "name" });
    };
    return done(request);
  }

  async function withStore(name, mode, work) {
    const db = await openDb();
    try {
      const transaction = db.transaction(name, mode);
      const result = await work(transaction.objectStore(name));
      await finished(transaction);
      return result;
    } finally {
      db.close();
    }
  }

  const allChanges = () => withStore("changes", "readonly", (store) => done(store.getAll()));
  const addChange = (change) => withStore("changes", "readwrite", (store) => done(store.add(change)));
  const removeChange = (seq) => withStore("changes", "readwrite", (store) => done(store.delete(seq)));
  const putChange = (change) => withStore("changes", "readwrite", (store) => done(store.put(change)));
  const getMeta = (name) => withStore("meta", "readonly", (store) => done(store.get(name)));
  const putMeta = (value) => withStore("meta", "readwrite", (store) => done(store.put(value)));

  async function keepRegisters(today) {
    await withStore("registers", "readwrite", async (store) => {
      await done(store.clear());
      for (const register of today.registers) {
        await done(store.put({ ...register, person: today.person, fetched_at: today.fetched_at }));
      }
    });
  }

  // One sender at a time, across this phone's tabs and its service worker, so a change is
  // never in two requests at once (the server would still apply it only once).
  function alone(work) {
    if (scope.navigator && scope.navigator.locks) {
      return scope.navigator.locks.request(DB_NAME + "-send", work);
    }
    return work();
  }

  // Sends what is waiting; answers true if everything that could be sent was answered.
  function sendWaiting() {
    return alone(async () => {
      const sending = await getMeta("sending");
      if (!sending) return false;
      const waiting = (await allChanges()).filter((change) => change.state === "waiting");
      let decide = false;
      for (let start = 0; start < waiting.length; start += BATCH) {
        const batch = waiting.slice(start, start + BATCH);
        let response;
        try {
          response = await fetch(sending.url, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": sending.csrf },
            body: JSON.stringify({ changes: batch.map((change) => change.sent) }),
          });
        } catch (error) {
          return false; // no signal yet: they wait
        }
        // Signed out, or a new session whose page hasn't opened yet: they wait for it.
        if (!response.ok) return false;
        const answers = (await response.json()).answers || [];
        for (const answer of answers) {
          const change = batch.find((each) => each.sent.key === answer.key);
          if (!change) continue;
          decide = decide || answer.decide;
          if (answer.outcome === "refused") {
            await putChange({ ...change, state: "refused", message: answer.message });
          } else {
            await removeChange(change.seq);
          }
        }
      }
      if (decide) await putMeta({ name: "decide", at: new Date().toISOString() });
      return true;
    });
  }

  scope.YouthHubRegister = { sendWaiting, SYNC_TAG };
  if (typeof document === "undefined") return; // the service worker: no page to enhance

  function askForBackgroundSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready
      .then((registration) => registration.sync && registration.sync.register(SYNC_TAG))
      .catch(() => {});
  }

  // The staff home ("today"), online: keep today's registers and their pages on the phone.
  const today = document.querySelector("[data-register-today]");
  if (today && navigator.onLine) {
    (async () => {
      const response = await fetch(today.dataset.url, { credentials: "same-origin" });
      if (!response.ok) return;
      const body = await response.json();
      await keepRegisters(body);
      await putMeta({ name: "sending", url: today.dataset.syncUrl, csrf: today.dataset.csrf, by: body.person });
      const registration = "serviceWorker" in navigator && (await navigator.serviceWorker.ready);
      const urls = body.registers.map((register) => register.url);
      if (registration && registration.active) registration.active.postMessage({ type: "keep-pages", urls });
      await sendWaiting();
    })().catch(() => {});
  }

  const section = document.querySelector("[data-register-offline]");
  const form = document.querySelector("[data-register-form]");
  if (!section || !form) return;
  const activity = Number(section.dataset.activity);
  const by = Number(section.dataset.by);
  const words = JSON.parse(section.dataset.words);
  const status = section.querySelector("[data-waiting-status]");
  const list = section.querySelector("[data-waiting-list]");
  const registerList = form.querySelector("[data-register-list]");
  const walkInForm = document.querySelector("[data-offline-walk-in]");
  const needsSignal = document.querySelector("[data-needs-signal]");
  const csrf = form.querySelector('input[name="csrf_token"]').value;
  // What the register shows for each person and count: the server's, then this phone's changes.
  const shown = { marks: {}, counts: {} };
  form.querySelectorAll("[data-person]").forEach((line) => {
    shown.marks[line.dataset.person] = line.dataset.was === "" ? null : Number(line.dataset.was);
  });
  form.querySelectorAll("[data-count]").forEach((input) => {
    shown.counts[input.dataset.count] = Number(input.dataset.was);
  });

  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
  const offline = () => !navigator.onLine;
  const mine = (change) => change.sent.activity === activity && change.sent.by === by;

  function waitingWords(count) {
    const form = new Intl.PluralRules(document.documentElement.lang).select(count);
    return fill(words.waiting[form] || words.waiting.other, { n: count });
  }

  function describe(sent) {
    if (sent.kind === "walk_in") return fill(words.walkedIn, { name: sent.name });
    if (sent.kind === "count") return fill(words.count[sent.count], { n: sent.value });
    const line = form.querySelector(`[data-person="${sent.person}"]`);
    const name = line ? line.dataset.name : "";
    return fill(sent.came ? words.came : words.didNotCome, { name });
  }

  function pendingLine(sent) {
    const item = document.createElement("li");
    item.className = "register-line register-line--pending";
    item.dataset.pendingKey = sent.key;
    item.textContent = sent.name + (sent.pronouns ? ` (${sent.pronouns})` : "") + " ";
    for (const tag of [words.walkIn, words.waitingTag]) {
      const span = document.createElement("span");
      span.className = "tag";
      span.textContent = tag;
      item.append(span, " ");
    }
    return item;
  }

  // Shows this phone's changes on the register: marks ticked, counts filled, walk-ins listed,
  // and what is waiting (or was refused) in the list above it.
  async function show() {
    const changes = (await allChanges()).filter(mine);
    const waiting = changes.filter((change) => change.state === "waiting");
    list.replaceChildren();
    for (const change of changes) {
      const sent = change.sent;
      if (sent.kind === "mark") {
        const radio = form.querySelector(`input[name="came-${sent.person}"][value="${sent.came ? "yes" : "no"}"]`);
        if (radio && change.state === "waiting") radio.checked = true;
      } else if (sent.kind === "count") {
        const input = form.querySelector(`[data-count="${sent.count}"]`);
        if (input && change.state === "waiting") input.value = sent.value;
      } else if (change.state === "waiting" && !registerList.querySelector(`[data-pending-key="${sent.key}"]`)) {
        registerList.append(pendingLine(sent));
        registerList.hidden = false;
        const nobody = form.querySelector("[data-nobody-yet]");
        if (nobody) nobody.hidden = true;
      }
      const item = document.createElement("li");
      item.className = "list__item";
      const text = document.createElement("span");
      text.textContent = describe(sent);
      item.append(text);
      if (change.state === "refused") {
        const reason = document.createElement("span");
        reason.className = "error-message";
        reason.textContent = `${words.notSent}: ${change.message}`;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button";
        remove.textContent = words.remove;
        remove.addEventListener("click", async () => {
          await removeChange(change.seq);
          await show();
        });
        item.append(reason, remove);
      }
      list.append(item);
    }
    registerList.querySelectorAll("[data-pending-key]").forEach((item) => {
      if (!waiting.some((change) => change.sent.key === item.dataset.pendingKey)) item.remove();
    });
    const decide = await getMeta("decide");
    if (waiting.length) {
      status.textContent = waitingWords(waiting.length);
    } else if (decide) {
      status.replaceChildren(words.decide + " ");
      const link = document.createElement("a");
      link.href = location.pathname;
      link.textContent = words.decideLink;
      status.append(link);
    } else {
      // Refused changes speak for themselves in the list; "all sent" only once this page sent.
      const refused = changes.length > 0;
      status.textContent = !refused && !section.hidden ? words.allSent : "";
    }
    section.hidden = !(changes.length || decide || status.textContent);
    walkInForm.hidden = !offline();
    needsSignal.hidden = offline();
    return waiting.length;
  }

  async function keep(sent) {
    await addChange({ state: "waiting", sent: { key: crypto.randomUUID(), activity, by, taken_at: new Date().toISOString(), ...sent } });
  }

  async function queueing() {
    return offline() || (await allChanges()).some((change) => mine(change) && change.state === "waiting");
  }

  async function send() {
    await sendWaiting();
    await show();
  }

  async function kept() {
    await show();
    askForBackgroundSync();
    if (!offline()) await send();
  }

  // A mark or a count, kept the moment it changes (offline, or behind changes still waiting).
  async function changed(target) {
    if (!(await queueing())) return;
    if (target.matches('input[type="radio"][name^="came-"]')) {
      const person = target.name.slice("came-".length);
      const came = target.value === "yes";
      if (shown.marks[person] === Number(came)) return;
      await keep({ kind: "mark", person: Number(person), came, was: shown.marks[person] });
      shown.marks[person] = Number(came);
    } else if (target.matches("[data-count]")) {
      const value = target.value.trim() === "" ? 0 : Number(target.value.trim());
      const name = target.dataset.count;
      if (!Number.isInteger(value) || value < 0 || value > 10000 || value === shown.counts[name]) return;
      await keep({ kind: "count", count: name, value, was: shown.counts[name] });
      shown.counts[name] = value;
    } else {
      return;
    }
    await kept();
  }

  // One change at a time, in the order made (a count's change and the form's submit both ask).
  let queue = Promise.resolve();
  const inTurn = (work) => (queue = queue.then(work).catch(() => {}));

  form.addEventListener("change", (event) => {
    inTurn(() => changed(event.target));
  });

  form.addEventListener("submit", (event) => {
    if (!offline()) return; // with signal, the form saves as it always has
    event.preventDefault();
    inTurn(async () => {
      // Anything changed before the signal dropped, not kept yet.
      for (const input of form.querySelectorAll('input[type="radio"]:checked, [data-count]')) await changed(input);
      await show();
      status.textContent = `${words.savedHere} ${status.textContent}`;
    });
  });

  walkInForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = walkInForm.elements.name.value.trim();
    if (!name) {
      walkInForm.elements.name.focus();
      return;
    }
    const pronouns = walkInForm.elements.pronouns.value.trim();
    inTurn(async () => {
      await keep({ kind: "walk_in", name, pronouns });
      walkInForm.reset();
      await kept();
    });
  });

  (async () => {
    await putMeta({ name: "sending", url: section.dataset.syncUrl, csrf, by });
    // Opened with signal, the page itself shows what is left to decide.
    if (!offline()) await withStore("meta", "readwrite", (store) => done(store.delete("decide")));
    await show();
    if (!offline()) await send();
  })().catch(() => {});
  window.addEventListener("online", () => send().catch(() => {}));
  window.addEventListener("offline", () => show().catch(() => {}));
  // Where there's no Background Sync, and for a signal that comes back without an `online`.
  setInterval(() => {
    if (!offline()) send().catch(() => {});
  }, 30000);
})(self);
