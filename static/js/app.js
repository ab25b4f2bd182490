// Progressive enhancement only: every page works without this file.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  });
}

// A form kept on the phone for use with no signal (the claim form) says "today" as the day it
// was kept: opened on a later day, an untouched "today" becomes the phone's today (London's).
document.querySelectorAll("input[data-today]").forEach((input) => {
  if (input.value !== input.defaultValue || input.value !== input.dataset.today) return;
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  input.value = today;
});
