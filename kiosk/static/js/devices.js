// The moderator's devices: a one-time QR code to moderate from a phone, and logging the others out.
"use strict";

(() => {
  const code = document.getElementById("main").dataset.code;
  const section = document.querySelector("[data-devices]");
  const figure = section.querySelector("[data-link]");
  const status = section.querySelector("[data-devices-status]");
  let expiry = null;

  section.querySelector("[data-new-link]").addEventListener("click", async () => {
    const result = await Kiosk.act("POST", `/api/workshops/${code}/moderator-links`, {});
    if (!result || result.status >= 300) return;
    section.querySelector("[data-link-qr]").src = result.data.qr;
    section.querySelector("[data-link-url]").textContent = result.data.url;
    figure.hidden = false;
    status.textContent = "";
    // The code is worthless after its two minutes: take it off the screen then.
    clearTimeout(expiry);
    expiry = setTimeout(() => {
      figure.hidden = true;
      status.textContent = Kiosk.t("link_expired");
    }, result.data.seconds * 1000);
  });

  section.querySelector("[data-logout-others]").addEventListener("click", async () => {
    const result = await Kiosk.act("POST", `/api/workshops/${code}/moderators/logout-others`, {});
    if (result && result.status < 300) status.textContent = Kiosk.t("logged_out", { n: result.data.logged_out });
  });
})();
