// Questions that look alike, on a phone: "same question?" while typing, with the list's own "Moi aussi".
// (The console shows each repeat on the question itself: moderate.js.)
"use strict";

(() => {
  const main = document.getElementById("main");
  const code = main.dataset.code;
  const $ = (selector) => document.querySelector(selector);
  const WAIT_MS = 500;
  const ENOUGH = 8;

  // The phone.
  const box = $("[data-same-box]");
  const askForm = $("[data-ask-form]");
  if (box && askForm) {
    const textarea = askForm.elements.text;
    const list = box.querySelector("[data-same-list]");
    const status = $("[data-same-status]");
    let timer = null;
    let asked = "";

    const show = (questions) => {
      // The list's own "Moi aussi" for each: one button per question on the page, one truth for the vote.
      const backable = questions.filter((q) => document.querySelector(`[data-questions] li[data-id="${q.id}"] .me-too`));
      box.hidden = backable.length === 0;
      list.replaceChildren(...backable.map((q) => {
        const li = document.createElement("li");
        const text = Object.assign(document.createElement("p"), { dir: "auto", textContent: q.text, id: `same-${q.id}` });
        const own = document.querySelector(`[data-questions] li[data-id="${q.id}"] .me-too`);
        const backed = own.getAttribute("aria-pressed") === "true";
        const button = Kiosk.button(box.dataset.meToo, () => {
          if (own.isConnected && own.getAttribute("aria-pressed") !== "true") own.click();
          textarea.value = "";
          textarea.dispatchEvent(new Event("input"));
          status.textContent = status.dataset.backed;
          // The button pressed goes away with the look-alikes: the reader goes on from the thanks.
          status.tabIndex = -1;
          status.focus();
        });
        button.setAttribute("aria-describedby", text.id);
        button.setAttribute("aria-pressed", String(backed));
        li.append(text, button);
        return li;
      }));
    };

    async function look() {
      const typed = textarea.value.trim();
      if (typed === asked) return;
      asked = typed;
      if (typed.length < ENOUGH) {
        show([]);
        return;
      }
      try {
        const answer = await Kiosk.request("GET", `/api/workshops/${code}/same-questions?text=${encodeURIComponent(typed)}`);
        if (answer.status === 200 && textarea.value.trim() === typed) show(answer.data.questions);
      } catch {
        // Offline: the person simply posts; the moderator can still merge.
      }
    }

    textarea.addEventListener("input", () => {
      if (textarea.value) status.textContent = "";
      clearTimeout(timer);
      timer = setTimeout(look, WAIT_MS);
    });
  }
})();
