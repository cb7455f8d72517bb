// The quiet pulse: "je ne comprends plus", "plus lentement" in one tap from a phone or the door kiosk,
// and the moderator's counts, which fade by themselves as the server's seconds run out.
"use strict";

(() => {
  const main = document.getElementById("main");
  const code = main.dataset.code;
  const box = document.querySelector("[data-pulse-box]");
  const buttons = [...document.querySelectorAll("[data-pulse]")];
  const status = document.querySelector("[data-pulse-status]");
  // The door kiosk gives signs for people without a phone, one after the other: never held, never queued.
  const atDoor = box && "kiosk" in box.dataset;
  const url = `/api/workshops/${code}/pulse`;
  const SAID_MS = 8000;
  let unsay = null;

  function said(text) {
    status.textContent = text;
    clearTimeout(unsay);
    unsay = setTimeout(() => {
      status.textContent = "";
    }, SAID_MS);
  }

  buttons.forEach((button) => {
    const kind = button.dataset.pulse;
    button.addEventListener("click", async () => {
      if (!atDoor) {
        if (!Kiosk.waiting("pulse", kind)) Kiosk.send("POST", url, { kind }, "pulse", kind);
        return;
      }
      try {
        const result = await Kiosk.request("POST", url, { kind, kiosk: true, client_id: Kiosk.newId() });
        said(result.status < 300 ? status.dataset.sent : result.data.error);
      } catch {
        said(document.querySelector("[data-connection]")?.textContent || "");
      }
    });
  });

  if (buttons.length && !atDoor) {
    Kiosk.onOutbox({
      pending() {
        buttons.forEach((b) => Kiosk.hold(b, status, "pulse", b.dataset.pulse));
      },
      sent(item, result) {
        if (item.tag === "pulse") said(result.status < 300 ? status.dataset.sent : result.data.error);
      },
    });
  }

  // The console: counts over the last minutes, nobody named.
  const counts = [...document.querySelectorAll("[data-pulse-count]")];
  if (!counts.length) return;
  let deadlines = {};
  const TICK_MS = 5000;

  function draw() {
    const at = Date.now();
    counts.forEach((line) => {
      const n = (deadlines[line.dataset.pulseCount] || []).filter((d) => d > at).length;
      if (line.dataset.n === String(n)) return;
      line.dataset.n = String(n);
      line.replaceChildren(Kiosk.plural(`pulse_${line.dataset.pulseCount}`, n));
      line.classList.toggle("pulse-on", n > 0);
    });
  }

  // Seconds left, not times: the console's clock may differ from the room PC's.
  function heard(signs) {
    const at = Date.now();
    deadlines = Object.fromEntries(Object.entries(signs).map(([kind, left]) => [kind, left.map((s) => at + s * 1000)]));
    draw();
  }

  setInterval(draw, TICK_MS);
  Kiosk.live({
    code,
    role: "moderator",
    onSnapshot(state) {
      if (state.pulse) heard(state.pulse);
    },
    onEvent(kind, data) {
      if (kind === "pulse") heard(data);
    },
  });
})();
