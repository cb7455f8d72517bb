// This phone's own display choices, applied before the page is drawn so nothing jumps.
"use strict";

(() => {
  const KEY = "kiosk-large-text";
  const root = document.documentElement;
  const stored = () => {
    try {
      return localStorage.getItem(KEY) === "1";
    } catch {
      return false; // storage refused (private mode): the switch still works for this page
    }
  };
  root.classList.toggle("large-text", stored());

  document.addEventListener("DOMContentLoaded", () => {
    const button = document.querySelector("[data-large-text]");
    if (!button) return;
    button.setAttribute("aria-pressed", String(root.classList.contains("large-text")));
    button.addEventListener("click", () => {
      const on = !root.classList.contains("large-text");
      root.classList.toggle("large-text", on);
      button.setAttribute("aria-pressed", String(on));
      try {
        localStorage.setItem(KEY, on ? "1" : "0");
      } catch {
        // not remembered, but applied
      }
    });
  });
})();
