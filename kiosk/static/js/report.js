// The report: a copy button beside each activity-report field.
"use strict";

(() => {
  const status = document.querySelector("[data-copy-status]");

  async function copy(text) {
    // The clipboard API needs a secure context (localhost is one; a LAN address is not).
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = Object.assign(document.createElement("textarea"), { value: text });
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }

  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const row = button.closest(".cra-row");
      await copy(row.querySelector("[data-copy-source]").textContent.trim());
      status.textContent = Kiosk.t("copied", { label: row.querySelector("dt").textContent });
    });
  });
})();
