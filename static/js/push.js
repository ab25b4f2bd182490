// "Turn on notifications on this phone": subscribes this browser with the programme's VAPID
// public key and sends the subscription to the server. Only an enhancement: without
// JavaScript or Push support the page explains, and turning off works as a plain form.
(function () {
  "use strict";
  const section = document.querySelector("[data-push]");
  if (!section) return;
  const status = section.querySelector("[data-push-status]");
  const onForm = section.querySelector("[data-push-on-form]");
  const offForm = document.querySelector("[data-push-off-form]");
  const ua = navigator.userAgent;
  const onIPhone = /iPhone|iPad|iPod/.test(ua) || (ua.includes("Macintosh") && navigator.maxTouchPoints > 1);
  const standalone = window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

  if (onIPhone && !standalone) {
    // Safari gives web apps notifications only once they are on the home screen.
    section.querySelector("[data-push-ios]").hidden = false;
    section.querySelector("[data-push-needs-script]").hidden = true;
    return;
  }
  if (!supported) return;
  section.querySelector("[data-push-needs-script]").hidden = true;
  onForm.hidden = false;

  function toBytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "===".slice((base64.length + 3) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  function say(text) {
    status.textContent = text;
  }

  async function turnOn(event) {
    event.preventDefault();
    say(section.dataset.turningOn);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        say(section.dataset.denied);
        return;
      }
      // Ask the browser to keep this site's data, so an iPhone or a full phone doesn't clear it.
      if (navigator.storage && navigator.storage.persist) await navigator.storage.persist();
      const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ||
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: toBytes(section.dataset.key),
        }));
      const response = await fetch(section.dataset.onUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": onForm.querySelector('input[name="csrf_token"]').value,
        },
        body: JSON.stringify(subscription.toJSON()),
      });
      const answer = await response.json().catch(() => ({}));
      say(answer.message || answer.error || section.dataset.failed);
    } catch (error) {
      say(section.dataset.failed);
    }
  }

  onForm.addEventListener("submit", turnOn);

  // Turning off from a browser that is subscribed: forget just this one, here and on the server.
  if (offForm) {
    navigator.serviceWorker.getRegistration("/").then(async (registration) => {
      const subscription = registration && (await registration.pushManager.getSubscription());
      if (!subscription) return;
      offForm.querySelector('input[name="endpoint"]').value = subscription.endpoint;
      offForm.querySelector("button").textContent = section.dataset.offHere;
      offForm.addEventListener("submit", async (event) => {
        event.preventDefault();
        await subscription.unsubscribe().catch(() => {});
        offForm.submit();
      });
    });
  }
})();
