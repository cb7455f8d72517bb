// The sheet of cards: its button opens the browser's print window.
"use strict";

document.querySelector("[data-print]")?.addEventListener("click", () => window.print());
