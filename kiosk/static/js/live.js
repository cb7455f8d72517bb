// Kiosk's live channel and outbox, shared by every page.
// live(): keeps a page in step with its workshop, catching up after any disconnection.
// send(): a write that survives a lost connection or a reload, and is applied once.
"use strict";
/* exported Kiosk */

const Kiosk = (() => {
  const OUTBOX = "kiosk-outbox";
  // A write answered within a second is not worth a message: it would only flash.
  const SLOW_MS = 1000;
  // Asked to slow down (429), a write is kept and tried again later, and the server's reason is shown.
  const SLOWED_DOWN_RETRY_MS = 30000;
  // How long a change that came before its predecessor waits for it (workers publish on their own).
  const OVERTAKEN_WAIT = 400;
  // A "sync" refused for coming too often is asked again after this.
  const RESYNC_DELAY = 3000;
  const handlers = [];
  let flushing = false;
  let retryTimer = null;
  let slowedBy = null;

  const strings = JSON.parse(document.getElementById("kiosk-strings")?.textContent || "{}");

  function t(key, values) {
    let text = strings[key] || key;
    for (const [name, value] of Object.entries(values || {})) {
      text = text.replace(`{${name}}`, value);
    }
    return text;
  }

  // A sentence to show, its names and counts each set apart (dir=auto) so a right-to-left line reads right.
  function fill(text, values) {
    const sentence = document.createDocumentFragment();
    for (const part of text.split(/(\{\w+\})/)) {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name && values && name in values) {
        sentence.append(Object.assign(document.createElement("span"), { dir: "auto", textContent: values[name] }));
      } else if (part) {
        sentence.append(part);
      }
    }
    return sentence;
  }

  function say(key, values) {
    return fill(strings[key] || key, values);
  }

  // A counted sentence: the page holds its forms by plural category, as the language's catalog writes them.
  const pluralRules = new Intl.PluralRules(document.documentElement.lang || "fr");
  function plural(key, n, values) {
    const forms = strings[key] || {};
    return fill(forms[pluralRules.select(n)] ?? forms.other ?? key, { n: number(n), ...values });
  }

  // crypto.randomUUID() needs a secure context, which http://192.168… is not.
  function newId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function load() {
    try {
      return JSON.parse(localStorage.getItem(OUTBOX)) || [];
    } catch {
      return [];
    }
  }

  function notify() {
    const count = load().length;
    handlers.forEach((h) => h.pending && h.pending(count));
  }

  function save(items) {
    localStorage.setItem(OUTBOX, JSON.stringify(items));
    notify();
  }

  async function request(method, url, body) {
    const response = await fetch(url, {
      method,
      // Refusals come back in the page's language: at the door, the one its person chose for themselves.
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "Accept-Language": document.documentElement.lang,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    let data;
    try {
      data = await response.json();
    } catch {
      data = {};
    }
    return { status: response.status, data };
  }

  function scheduleRetry(ms = 3000) {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, ms);
  }

  // Sends what waits, in order; stops at the first network failure and tries again later.
  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (;;) {
        const [item] = load();
        if (!item) break;
        let result;
        try {
          result = await request(item.method, item.url, item.body);
        } catch {
          scheduleRetry();
          break;
        }
        // A server restarting: keep the write, same id, try later.
        if (result.status >= 500) {
          scheduleRetry();
          break;
        }
        // Asked to slow down: keep it too, but say why (it is not the network) and wait longer.
        if (result.status === 429) {
          slowedBy = result.data.error || null;
          notify();
          scheduleRetry(SLOWED_DOWN_RETRY_MS);
          break;
        }
        slowedBy = null;
        save(load().filter((other) => other.body.client_id !== item.body.client_id));
        handlers.forEach((h) => h.sent && h.sent(item, result));
      }
    } finally {
      flushing = false;
    }
  }

  // `tag` says what kind of write it is, `key` which one (a vote's question), for waiting() and hold().
  function send(method, url, body, tag, key) {
    const item = { method, url, tag, key, at: Date.now(), body: { ...body, client_id: body.client_id || newId() } };
    save([...load(), item]);
    // Handlers hear again once the write has waited long enough to be worth a message.
    setTimeout(notify, SLOW_MS);
    flush();
    return item;
  }

  function onOutbox(handler) {
    handlers.push(handler);
    handler.pending && handler.pending(load().length);
    if (load().length) setTimeout(notify, SLOW_MS);
  }

  // Whether a write of this tag (and key; any write when no tag) waits: null, "short", or "long" past a second.
  function waiting(tag, key) {
    const item = load().find((i) => (tag === undefined || i.tag === tag) && (key === undefined || i.key === key));
    if (!item) return null;
    return Date.now() - (item.at || 0) < SLOW_MS ? "short" : "long";
  }

  // While its write waits, a button is held (a second tap would send it twice) and, after a second, the
  // note beside it says why. aria-disabled rather than disabled: the button keeps the keyboard's focus.
  function hold(control, note, tag, key) {
    const state = waiting(tag, key);
    if (control) control.setAttribute("aria-disabled", String(state !== null));
    if (note && (state === "long" || (state && slowedBy))) {
      note.textContent = slowedBy || t("waiting");
      note.dataset.held = "yes";
    } else if (note?.dataset.held) {
      note.textContent = "";
      delete note.dataset.held;
    }
    return state !== null;
  }

  const listeners = [];
  let socket = null;

  // One live connection per page; every part of the page may listen to it.
  function live({ code, role, onSnapshot, onEvent, onConnection }) {
    listeners.push({ onSnapshot, onEvent, onConnection });
    if (socket) return socket;
    let seq = null;
    // The change number the counts shown are as of (a snapshot's, or the latest "counts").
    let countsAt = -1;
    let syncing = false;
    // auth is asked again at every reconnection, so the server knows what this page has seen.
    socket = io({ auth: (cb) => cb({ code, role, since: seq }) });
    const status = document.querySelector("[data-connection]");
    const connected = (yes) => {
      if (status) status.hidden = yes;
      document.documentElement.dataset.live = yes ? "on" : "off";
      listeners.forEach((l) => l.onConnection && l.onConnection(yes));
    };

    const tell = (events) => {
      events.forEach((event) => {
        listeners.forEach((l) => l.onEvent && l.onEvent(event.kind, event.data));
      });
    };
    // A change follows what this page holds when the previous one meant for it (`prev`) is held already.
    // Returns false at a gap: some change was missed.
    const apply = (message) => {
      if (seq === null || message.seq <= seq) return true;
      if (message.prev > seq) return false;
      seq = message.seq;
      tell(message.events);
      return true;
    };
    // Attendance counts, at most once a second: a state, not a change, so only an older one is ignored.
    const counted = (message) => {
      if (seq === null || message.seq < countsAt) return;
      countsAt = message.seq;
      tell(message.events);
    };
    // Ask the server for what was missed after `seq` (a snapshot when `since` is left out). A refused ask
    // (too many from this address) is asked again a little later.
    let retry = null;
    const resync = (since) => {
      syncing = true;
      clearTimeout(retry);
      socket.emit("sync", since === undefined ? {} : { since }, (answered) => {
        if (answered !== false) return;
        syncing = false;
        retry = setTimeout(() => resync(seq), RESYNC_DELAY);
      });
    };
    // With several workers, a change may overtake the one before it by a few milliseconds: it waits here
    // a moment for it rather than making every screen ask the server again.
    const early = new Map();
    let overtaken = null;
    const applyEarly = () => {
      let next;
      while ((next = [...early.values()].find((m) => m.prev <= seq))) {
        early.delete(next.seq);
        apply(next);
      }
      [...early.keys()].filter((n) => n <= seq).forEach((n) => early.delete(n));
    };
    socket.on("snapshot", (state) => {
      // The answer to "sync" may have been read before changes this page applied since (workers publish
      // on their own): an older state would undo them, and nothing would come to put them back.
      const stale = syncing && seq !== null && state.seq < seq;
      syncing = false;
      if (stale) return;
      seq = state.seq;
      countsAt = state.seq;
      listeners.forEach((l) => l.onSnapshot && l.onSnapshot(state));
      applyEarly();
    });
    socket.on("change", (message) => {
      if (apply(message)) {
        applyEarly();
        return;
      }
      early.set(message.seq, message);
      if (overtaken) return;
      overtaken = setTimeout(() => {
        overtaken = null;
        applyEarly();
        if (early.size) resync(seq); // the server replays what was missed
      }, OVERTAKEN_WAIT);
    });
    // What was missed while away, in order; then the counts as they are now.
    socket.on("catchup", (message) => {
      syncing = false;
      if (!message.changes.every(apply)) {
        resync();
        return;
      }
      applyEarly();
      if (message.events) counted(message);
    });
    socket.on("counts", counted);
    // What concerns this person alone (let in from the waiting list).
    socket.on("personal", (message) => tell(message.events));
    socket.on("connect", () => {
      connected(true);
      flush();
    });
    socket.on("disconnect", () => connected(false));
    socket.on("connect_error", () => {
      connected(false);
      // Refused by the server (not a network error): socket.io gives up, so try again later.
      if (!socket.active) setTimeout(() => socket.connect(), 5000);
    });
    // Phones put background tabs to sleep; waking up is the moment to catch up.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState !== "visible") return;
      if (socket.connected) resync(seq);
      else socket.connect();
      flush();
    });
    window.addEventListener("online", flush);
    return socket;
  }

  // A message in `element`, or none. Given the `field` it is about, it is tied to it as the pages without
  // script do: the field is marked invalid, described by the message, and focused so both are heard. Said
  // one way only, so that a screen reader reads it once: through the field when there is one, else as an alert.
  function showError(element, message, field) {
    if (!element) return;
    if (field) element.removeAttribute("role");
    else element.setAttribute("role", "alert");
    element.textContent = message || "";
    element.hidden = !message;
    if (!field) return;
    const others = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter((id) => id && id !== element.id);
    const ids = message ? [...others, element.id] : others;
    if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
    else field.removeAttribute("aria-describedby");
    if (message) {
      field.setAttribute("aria-invalid", "true");
      field.focus();
    } else {
      field.removeAttribute("aria-invalid");
    }
  }

  // A moderator's action: sent at once, a refusal shown in the page's first error box.
  async function act(method, url, body) {
    const box = document.querySelector("[data-error]");
    showError(box, "");
    try {
      const result = await request(method, url, body);
      if (result.status >= 400) showError(box, result.data.error);
      return result;
    } catch {
      showError(box, document.querySelector("[data-connection]")?.textContent);
      return null;
    }
  }

  // After the page's own script has registered its handlers.
  setTimeout(flush, 0);
  // A number as the page's language writes it ("8,3" in French, "8.3" in English); "–" for none.
  function number(value) {
    return value === null || value === undefined ? "–" : new Intl.NumberFormat(document.documentElement.lang).format(value);
  }

  // An address to type keeps each part whole on its line (a port cut in two gets mistyped): where the widest
  // part would not fit, the address gets smaller instead. Called again whenever the page's size changes.
  function fitAddresses() {
    for (const address of document.querySelectorAll(".join-address")) {
      address.style.fontSize = "";
      const room = address.clientWidth;
      const widths = [...address.querySelectorAll(".address-part")].map((part) => part.getBoundingClientRect().width);
      const widest = Math.max(0, ...widths);
      if (room > 0 && widest > room) {
        const size = parseFloat(getComputedStyle(address).fontSize);
        address.style.fontSize = `${Math.floor((size * room) / widest)}px`;
      }
    }
  }

  // A plain button that does something when pressed.
  function button(label, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  // A form's fields as the API takes them; its CSRF token is for form posts, not for the JSON API.
  function formJSON(form, value = (v) => v) {
    const data = Object.fromEntries([...new FormData(form)].map(([name, v]) => [name, value(v)]));
    delete data.csrf_token;
    return data;
  }

  // A line of a list turned into a one-field form to correct it; `save` gets what was typed.
  function editInPlace(li, { value, maxLength, label, onSave }) {
    const form = document.createElement("form");
    form.className = "inline-form";
    const input = Object.assign(document.createElement("input"), { value, maxLength });
    input.setAttribute("aria-label", label);
    const submit = Object.assign(document.createElement("button"), { type: "submit", textContent: t("save") });
    form.append(input, submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      onSave(input.value);
    });
    li.replaceChildren(form);
    input.focus();
  }

  const slowedDown = () => slowedBy;

  // A year typed in a field, sent as a number (the API's kind); left as typed when it is not one, so that
  // the server says plainly what is wrong; nothing typed is none.
  function year(text) {
    const typed = String(text ?? "").trim();
    if (!typed) return null;
    return /^[0-9]+$/.test(typed) ? Number(typed) : typed;
  }

  return {
    t, say, plural, newId, request, send, flush, onOutbox, waiting, slowedDown, hold, live, showError, act, number, button, formJSON,
    editInPlace, fitAddresses, year,
  };
})();
