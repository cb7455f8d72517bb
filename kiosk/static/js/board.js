// The projector's board: the current question large, open ones by "moi aussi" then age, answered aside.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);
  const questions = new Map();
  const DONE_SHOWN = 3;

  function li(q) {
    const item = document.createElement("li");
    item.className = `question status-${q.status}`;
    const text = document.createElement("p");
    text.className = "question-text";
    text.dir = "auto";
    text.textContent = q.text;
    item.append(text);
    const meta = [];
    if (q.author) meta.push(q.author);
    if (q.votes) meta.push(Kiosk.t("votes", { n: q.votes }));
    if (meta.length) {
      const p = document.createElement("p");
      p.className = "question-meta";
      p.textContent = meta.join(" · ");
      item.append(p);
    }
    return item;
  }

  function render() {
    const all = [...questions.values()];
    const current = all.find((q) => q.status === "current");
    $("[data-current-section]").hidden = !current;
    $("[data-current]").textContent = current ? current.text : "";
    const open = all
      .filter((q) => q.status === "open" || q.status === "later")
      .sort((a, b) => (a.status === "later") - (b.status === "later")
        || b.votes - a.votes || a.created_at.localeCompare(b.created_at));
    $("[data-open]").replaceChildren(...open.map(li));
    $("[data-empty]").hidden = open.length > 0 || Boolean(current);
    const done = all.filter((q) => q.status === "resolved")
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    $("[data-done-section]").hidden = done.length === 0;
    $("[data-done-count]").textContent = done.length;
    $("[data-done]").replaceChildren(...done.slice(0, DONE_SHOWN).map(li));
  }

  // At the end, the corner offers the day's questions to take home instead of the way in.
  function showPhase(phase) {
    $("[data-join]").hidden = phase === "closed";
    $("[data-handout]").hidden = phase !== "closed";
  }

  // Shown only when the moderator chooses to project it.
  function showFeedback(summary) {
    $("[data-board-feedback]").hidden = !summary || !summary.shown;
    if (!summary || !summary.shown) return;
    $("[data-board-score]").textContent = Kiosk.number(summary.score);
    $("[data-board-count]").textContent = summary.count;
    for (const face of ["good", "medium", "bad"]) $(`[data-board-face="${face}"]`).textContent = summary.rating[face];
  }

  // The moderator makes the board's text larger or smaller for the room, live.
  function showScale(workshop) {
    if (workshop.board_scale) document.body.style.setProperty("--board-scale", workshop.board_scale / 100);
  }

  Kiosk.live({
    code: document.getElementById("main").dataset.code,
    role: "public",
    onSnapshot(state) {
      showScale(state.workshop);
      questions.clear();
      state.questions.forEach((q) => questions.set(q.id, q));
      showPhase(state.workshop.phase);
      showFeedback(state.feedback);
      render();
    },
    onEvent(kind, data) {
      if (kind === "workshop") {
        // The board speaks the workshop's language: a new one means drawing the page again.
        if (data.language && data.language !== document.documentElement.lang) window.location.reload();
        showPhase(data.phase);
        showScale(data);
      }
      if (kind === "feedback") showFeedback(data);
      if (kind !== "question") return;
      if (data.status === "hidden") questions.delete(data.id);
      else questions.set(data.id, data);
      render();
    },
  });
})();
