// The projector's board: the current question large, open ones by "moi aussi" then age, answered aside.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);
  const questions = Questions.board();
  const DONE_SHOWN = 3;

  const li = (q) => Questions.item(q, [q.author, q.votes ? Kiosk.plural("votes", q.votes) : null]);

  function render() {
    const all = questions.sorted();
    const current = all.find((q) => q.status === "current");
    $("[data-current-section]").hidden = !current;
    $("[data-current]").textContent = current ? current.text : "";
    const open = all.filter((q) => q.status === "open" || q.status === "later");
    $("[data-open]").replaceChildren(...open.map(li));
    $("[data-empty]").hidden = open.length > 0 || Boolean(current);
    // The corner for answered ones shows the latest asked: what the room just talked about.
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

  const socket = Kiosk.live({
    code: document.getElementById("main").dataset.code,
    role: "public",
    onSnapshot(state) {
      showScale(state.workshop);
      questions.reset(state.questions);
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
      questions.put(data);
      render();
    },
  });

  // The moderator asked for the current question aloud: the room PC's own voice, in the board's language.
  socket.on("read_aloud", (data) => Speech.say(data.text));
})();
