// Questions that look alike: on a phone, "same question?" while typing, with the list's own "Moi aussi";
// on the console, each repeat of an older question, merged in one tap.
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

  // The console.
  const merges = $("[data-merges-list]");
  if (!merges) return;
  let timer = null;

  async function refresh() {
    const answer = await Kiosk.request("GET", `/api/workshops/${code}/merges`);
    if (answer.status !== 200) return;
    $("[data-merges-empty]").hidden = answer.data.merges.length > 0;
    merges.replaceChildren(...answer.data.merges.map((m) => {
      const li = document.createElement("li");
      const said = Object.assign(document.createElement("p"), { id: `merge-${m.id}` });
      said.append(Kiosk.say(merges.dataset.looksLike, { text: m.text, into: m.into_text }));
      const merge = Kiosk.button(merges.dataset.merge, () => Kiosk.act("POST", `/api/questions/${m.id}/merge`, { into: m.into }));
      merge.setAttribute("aria-describedby", said.id);
      li.append(said, merge);
      return li;
    }));
  }
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, WAIT_MS);
  };

  Kiosk.live({
    code,
    role: "moderator",
    onSnapshot: later,
    onEvent(kind) {
      if (kind === "question") later();
    },
  });
})();
