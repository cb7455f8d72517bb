// The forum day's page: when any workshop of the day changes, the page reads itself again and copies the
// new counts in place, so that focus and scrolling stay where they are.
"use strict";

(() => {
  const main = document.querySelector("main");
  const status = document.querySelector("[data-connection]");
  // Changes come in bursts (a queue at the door): one reading a second is enough.
  const QUIET_MS = 1000;
  let timer = null;
  let reading = false;
  let again = false;

  function copy(fresh) {
    const rooms = (node) => node.querySelector("[data-rooms]")?.dataset.rooms;
    if (rooms(fresh) !== rooms(document)) {
      // A workshop was added or moved to another day: the list itself changes.
      main.replaceChildren(...fresh.querySelector("main").childNodes);
      return;
    }
    for (const node of fresh.querySelectorAll("[data-count]")) {
      const here = main.querySelector(`[data-count="${node.dataset.count}"]`);
      if (here && here.textContent !== node.textContent) here.textContent = node.textContent;
    }
    for (const node of fresh.querySelectorAll("[data-flag]")) {
      const here = main.querySelector(`[data-flag="${node.dataset.flag}"]`);
      if (here) here.className = node.className;
    }
  }

  async function read() {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      if (response.redirected || !response.ok) {
        window.location.reload(); // signed out, or the day was refused: the page says why
        return;
      }
      copy(new DOMParser().parseFromString(await response.text(), "text/html"));
    } catch {
      // The network is away: the next change or reconnection reads again.
    } finally {
      reading = false;
      if (again) {
        again = false;
        read();
      }
    }
  }

  function soon() {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      read();
    }, QUIET_MS);
  }

  const socket = io({ auth: { role: "day" } });
  const connected = (yes) => {
    if (status) status.hidden = yes;
    document.documentElement.dataset.live = yes ? "on" : "off";
  };
  socket.on("connect", () => {
    connected(true);
    read(); // what changed while the page was away
  });
  socket.on("disconnect", () => connected(false));
  socket.on("connect_error", () => {
    connected(false);
    if (!socket.active) setTimeout(() => socket.connect(), 5000);
  });
  socket.on("day", soon);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") read();
  });
})();
