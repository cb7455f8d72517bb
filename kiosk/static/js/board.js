// The projector's board: the current question large, open ones by "moi aussi" then age, answered aside.
// Nobody touches the projector: when the open questions do not fit, they turn page by page by themselves.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);
  const main = document.getElementById("main");
  const questions = Questions.board();
  const DONE_SHOWN = 3;
  const PAGE_MS = Number(main.dataset.pageSeconds || 15) * 1000;
  let phase = null;
  let page = 0;
  let pages = [];
  let scale = 100;
  // As in the stylesheet: below this width the corner leaves its column.
  const narrow = window.matchMedia("(max-width: 40rem)");

  // Each question with the answer the moderator gave it, if any: the room reads it, and copies the link.
  const li = (q) => Questions.answer(Questions.item(q, [
    q.status === "later" ? Kiosk.t("later") : null,
    q.author,
    q.votes ? Kiosk.plural("votes", q.votes) : null,
  ]), q, Kiosk.t("answer"));

  // A question taller than the room left is drawn smaller until it fits, down to the board's normal size
  // (100 %): cut off, its end would never be read.
  function fit(item, room) {
    const least = Math.min(1, 100 / scale);
    for (let factor = 1; factor > least && item.getBoundingClientRect().height > room;) {
      factor = Math.max(least, factor * Math.sqrt(room / item.getBoundingClientRect().height));
      item.style.fontSize = `${factor}em`;
    }
  }

  // Cut the list into pages that each fit between its top and the screen's bottom edge.
  function paginate() {
    const list = $("[data-open]");
    // Twice at most: showing "page 1 / 2" beside the heading may push the list down a line.
    for (let pass = 0; pass < 2; pass += 1) {
      const top = list.getBoundingClientRect().top;
      const items = [...list.children];
      items.forEach((item) => { item.hidden = false; });
      const room = window.innerHeight - top - (parseFloat(getComputedStyle(main).paddingBottom) || 0);
      pages = [];
      let start = null;
      for (const item of items) {
        item.style.fontSize = "";
        fit(item, room);
        const box = item.getBoundingClientRect();
        if (start === null || box.bottom - start > room) {
          pages.push([]);
          start = box.top;
        }
        pages[pages.length - 1].push(item);
      }
      page = Math.min(page, Math.max(pages.length - 1, 0));
      showPage(false);
      if (list.getBoundingClientRect().top === top) break;
    }
  }

  function showPage(turned) {
    const list = $("[data-open]");
    pages.forEach((items, i) => items.forEach((item) => { item.hidden = i !== page; }));
    const label = $("[data-page]");
    label.hidden = pages.length < 2;
    label.textContent = Kiosk.t("page", { page: Kiosk.number(page + 1), pages: Kiosk.number(pages.length) });
    // A gentle fade-in; the stylesheet drops it for people who ask for less motion.
    if (turned) {
      list.classList.remove("turned");
      void list.offsetWidth;
      list.classList.add("turned");
    }
  }

  function turnPage() {
    if (pages.length < 2) return;
    page = (page + 1) % pages.length;
    showPage(true);
  }

  function render() {
    Kiosk.fitAddresses();
    const all = questions.sorted();
    const current = all.find((q) => q.status === "current");
    $("[data-current-section]").hidden = !current;
    $("[data-current]").textContent = current ? current.text : "";
    Questions.answer($("[data-current-section]"), current || {}, Kiosk.t("answer"));
    const open = all.filter((q) => q.status === "open" || q.status === "later");
    $("[data-open]").replaceChildren(...open.map(li));
    $("[data-empty]").hidden = open.length > 0 || Boolean(current);
    // While the room gives its opinion, an empty list would only ask for questions over the feedback's call.
    $("[data-open-section]").hidden = phase === "feedback" && open.length === 0;
    // The corner for answered ones shows the latest asked: what the room just talked about.
    const done = all.filter((q) => q.status === "resolved")
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    $("[data-done-section]").hidden = done.length === 0;
    $("[data-done-count]").textContent = done.length;
    const doneList = $("[data-done]");
    doneList.replaceChildren(...done.slice(0, DONE_SHOWN).map(li));
    // In the corner, only what fits above the projector's edge: below it, nobody would ever see them. The
    // newest one always stays, so the room sees what it just went through. (On a narrow screen the corner goes
    // under the questions, and a person scrolls to it.)
    const inCorner = !narrow.matches;
    const below = () => $("[data-done-section]").getBoundingClientRect().bottom > window.innerHeight;
    while (inCorner && doneList.children.length > 1 && below()) {
      doneList.lastChild.remove();
    }
    paginate();
  }

  // At the end, the corner offers the day's questions to take home instead of the way in.
  function showPhase(workshop) {
    phase = workshop.phase;
    $("[data-join]").hidden = phase === "closed";
    $("[data-handout]").hidden = phase !== "closed";
  }

  // The number of answers is for everyone; the score only when the moderator chooses to project it.
  function showFeedback(summary) {
    $("[data-board-count]").textContent = Kiosk.number(summary?.count ?? 0);
    $("[data-board-feedback]").hidden = phase !== "feedback" && !summary?.shown;
    $("[data-board-score-section]").hidden = !summary?.shown;
    if (!summary?.shown) return;
    $("[data-board-score]").textContent = Kiosk.number(summary.score);
    for (const face of ["good", "medium", "bad"]) $(`[data-board-face="${face}"]`).textContent = summary.rating[face];
  }

  // The moderator makes the board's text larger or smaller for the room, live.
  function showScale(workshop) {
    if (!workshop.board_scale) return;
    scale = workshop.board_scale;
    document.body.style.setProperty("--board-scale", scale / 100);
  }

  let feedback = null;
  setInterval(turnPage, PAGE_MS);
  window.addEventListener("resize", render);

  const socket = Kiosk.live({
    code: main.dataset.code,
    role: "screen",
    onSnapshot(state) {
      showScale(state.workshop);
      questions.reset(state.questions);
      showPhase(state.workshop);
      feedback = state.feedback;
      showFeedback(feedback);
      render();
    },
    onEvent(kind, data) {
      if (kind === "workshop") {
        // The board speaks the workshop's language: a new one means drawing the page again.
        if (data.language && data.language !== document.documentElement.lang) window.location.reload();
        showPhase(data);
        showFeedback(feedback);
        showScale(data);
        render();
      }
      if (kind === "feedback") {
        feedback = data;
        showFeedback(feedback);
        paginate();
      }
      if (kind !== "question") return;
      questions.put(data);
      render();
    },
  });

  // The moderator asked for the current question aloud: the room PC's own voice, in the board's language.
  socket.on("read_aloud", (data) => Speech.say(data.text));
})();
