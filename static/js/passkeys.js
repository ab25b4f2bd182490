// Passkeys (WebAuthn) for the sign-in and security pages. Only an enhancement: without
// JavaScript, or in a browser without passkeys, the buttons stay hidden and codes still work.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) return;

  function toBytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "===".slice((base64.length + 3) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  function toBase64url(buffer) {
    const bytes = new Uint8Array(buffer);
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function csrfToken() {
    const field = document.querySelector('input[name="csrf_token"]');
    return field ? field.value : "";
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body || {}),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.error || "");
    return answer;
  }

  function credentialJSON(credential) {
    const response = credential.response;
    const json = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toBase64url(response.clientDataJSON) },
    };
    if (response.attestationObject) {
      json.response.attestationObject = toBase64url(response.attestationObject);
      json.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      json.response.authenticatorData = toBase64url(response.authenticatorData);
      json.response.signature = toBase64url(response.signature);
      if (response.userHandle) json.response.userHandle = toBase64url(response.userHandle);
    }
    return json;
  }

  async function addPasskey(box) {
    const options = await post(box.dataset.optionsUrl);
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    (options.excludeCredentials || []).forEach((c) => { c.id = toBytes(c.id); });
    const credential = await navigator.credentials.create({ publicKey: options });
    const answer = credentialJSON(credential);
    answer.passkeyName = box.querySelector("[data-passkey-name]").value;
    return post(box.dataset.addUrl, answer);
  }

  async function usePasskey(box) {
    const options = await post(box.dataset.challengeUrl);
    options.challenge = toBytes(options.challenge);
    (options.allowCredentials || []).forEach((c) => { c.id = toBytes(c.id); });
    const credential = await navigator.credentials.get({ publicKey: options });
    return post(box.dataset.checkUrl, credentialJSON(credential));
  }

  document.querySelectorAll("[data-passkey-unsupported]").forEach((note) => { note.hidden = true; });
  document.querySelectorAll("[data-passkey]").forEach((box) => {
    box.hidden = false;
    const message = box.querySelector("[data-passkey-message]");
    const button = box.querySelector("button");
    button.addEventListener("click", async () => {
      message.textContent = "";
      button.disabled = true;
      try {
        const answer = await (box.dataset.passkey === "add" ? addPasskey(box) : usePasskey(box));
        window.location.assign(answer.next);
      } catch (error) {
        message.textContent = error.message || box.dataset.failed || "";
        button.disabled = false;
      }
    });
  });
})();
