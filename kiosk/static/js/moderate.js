// The moderator's console: phase, who is in, the questions and their states, feedback as it comes.
"use strict";

(() => {
  const main = document.getElementById("main");
  const code = main.dataset.code;
  const $ = (selector) => document.querySelector(selector);
  const questions = Questions.board();
  const errorBox = $("[data-error]");

  const act = Kiosk.act;
  // "130 %" in French, "130%" in English: the language says where the sign goes and what space it takes.
  const percent = new Intl.NumberFormat(document.documentElement.lang, { style: "percent" });

  $("[data-show-feedback]").addEventListener("change", (event) => {
    act("PUT", `/api/workshops/${code}/feedback/on-board`, { show: event.target.checked });
  });
  $("[data-paper]").addEventListener("submit", (event) => {
    event.preventDefault();
    act("PUT", `/api/workshops/${code}/feedback/paper`, Kiosk.formJSON(event.target, Number));
  });

  document.querySelectorAll("[data-phase]").forEach((button) => {
    button.addEventListener("click", () => act("PATCH", `/api/workshops/${code}`, { phase: button.dataset.phase }));
  });

  $("[data-add-question]").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = event.target.elements.text;
    Kiosk.send("POST", `/api/workshops/${code}/questions`, { text: input.value, anonymous: true }, "heard");
    input.value = "";
  });

  Kiosk.onOutbox({
    sent(item, result) {
      if (result.status >= 400) Kiosk.showError(errorBox, result.data.error);
    },
  });

  const statusButton = (label, status, id) => Kiosk.button(label, () => act("PATCH", `/api/questions/${id}`, { status }));

  const THEMES = JSON.parse(document.getElementById("kiosk-themes").textContent);

  function themeSelect(q) {
    const select = document.createElement("select");
    select.setAttribute("aria-label", Kiosk.t("theme_of", { text: q.text }));
    select.append(new Option(Kiosk.t("no_theme"), ""));
    for (const [value, label] of Object.entries(THEMES)) select.append(new Option(label, value, false, q.theme === value));
    select.addEventListener("change", () => act("PATCH", `/api/questions/${q.id}`, { theme: select.value || null }));
    return select;
  }

  function mergeSelect(q) {
    const select = document.createElement("select");
    select.setAttribute("aria-label", Kiosk.t("merge_question_label", { text: q.text }));
    select.append(new Option(Kiosk.t("merge_question"), ""));
    questions.sorted()
      .filter((other) => other.id !== q.id && other.status !== "hidden")
      .forEach((other) => select.append(new Option(other.text.slice(0, 60), other.id)));
    select.addEventListener("change", () => {
      if (select.value) act("POST", `/api/questions/${q.id}/merge`, { into: Number(select.value) });
    });
    return select;
  }

  function startEdit(li, q) {
    Kiosk.editInPlace(li, {
      value: q.text,
      maxLength: Number(main.dataset.questionMax),
      label: Kiosk.t("edit_label"),
      onSave: (text) => act("PATCH", `/api/questions/${q.id}`, { text }),
    });
  }

  function questionItem(q) {
    const li = Questions.item(q, [
      Kiosk.t(`status_${q.status}`),
      q.merged_into ? Kiosk.t("merged") : null,
      Kiosk.plural("votes", q.votes),
      q.asked_by ? Kiosk.say("by", { name: q.asked_by }) : null,
    ]);
    const actions = document.createElement("div");
    actions.className = "actions";
    if (q.status === "pending") {
      actions.append(statusButton(Kiosk.t("approve"), "open", q.id));
    } else if (q.status === "hidden") {
      actions.append(statusButton(Kiosk.t("show"), "open", q.id));
    } else {
      if (q.status !== "current") actions.append(statusButton(Kiosk.t("current"), "current", q.id));
      if (q.status !== "resolved") actions.append(statusButton(Kiosk.t("resolved"), "resolved", q.id));
      if (q.status !== "later") actions.append(statusButton(Kiosk.t("later"), "later", q.id));
      if (q.status !== "open") actions.append(statusButton(Kiosk.t("reopen"), "open", q.id));
    }
    if (q.status !== "hidden") actions.append(statusButton(Kiosk.t("hide"), "hidden", q.id));
    actions.append(Kiosk.button(Kiosk.t("edit"), () => startEdit(li, q)), themeSelect(q));
    if (q.status !== "hidden") actions.append(mergeSelect(q));
    li.append(actions);
    return li;
  }

  function renderHelp(requests) {
    $("[data-help-empty]").hidden = requests.length > 0;
    $("[data-help-list]").replaceChildren(...requests.map((r) => {
      const li = document.createElement("li");
      const who = document.createElement("span");
      who.className = "person-name";
      who.replaceChildren(Kiosk.say("help_from", { name: r.name }));
      const done = Kiosk.button(Kiosk.t("handled"), () => act("PATCH", `/api/help/${r.id}`, { handled: true }));
      li.append(who, " ", done);
      return li;
    }));
  }

  function renderQuestions() {
    $("[data-questions]").replaceChildren(...questions.sorted().map(questionItem));
  }

  function showFeedback(summary) {
    $("[data-fb-count]").textContent = summary.count;
    $("[data-fb-score]").textContent = Kiosk.number(summary.score);
    for (const face of ["good", "medium", "bad"]) {
      $(`[data-fb="${face}"]`).textContent = summary.rating[face];
    }
    $("[data-fb-paper]").textContent = summary.on_paper;
    const items = (texts) => texts.map((text) => Object.assign(document.createElement("li"), { textContent: text }));
    $("[data-fb-topics]").replaceChildren(...items(summary.next_topics));
    $("[data-fb-comments]").replaceChildren(...items(summary.comments));
  }

  const panels = $("[data-console-panels]");
  const panelOrder = [...panels.children];

  // The current step's panels come first, the others keep the page's order; a moved panel keeps its focus.
  function putStepFirst(phase) {
    const serves = (panel) => panel.dataset.step.split(" ").includes(phase);
    const wanted = [...panelOrder.filter(serves), ...panelOrder.filter((panel) => !serves(panel))];
    if (wanted.every((panel, i) => panels.children[i] === panel)) return;
    const focused = document.activeElement;
    panels.append(...wanted);
    if (focused && panels.contains(focused)) focused.focus({ preventScroll: true });
  }

  function showPhase(phase) {
    document.querySelectorAll("[data-phase]").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.dataset.phase === phase));
    });
    putStepFirst(phase);
  }
  putStepFirst(main.dataset.currentPhase);

  const languageSetting = document.querySelector("[data-language-setting]");
  function showBoardScale(workshop) {
    if (!workshop.board_scale) return;
    if (workshop.language) languageSetting.value = workshop.language;
    document.querySelector("[data-board-scale]").textContent = percent.format(workshop.board_scale / 100);
  }
  languageSetting.addEventListener("change", () => {
    Kiosk.act("PATCH", `/api/workshops/${code}`, { language: languageSetting.value });
  });

  // A press sends a step, not a size: the server adds it to the size it holds, so presses made before
  // the console heard back about the previous one still count.
  document.querySelectorAll("[data-board-step]").forEach((button) => {
    button.addEventListener("click", () => {
      Kiosk.act("PATCH", `/api/workshops/${code}`, { board_scale_step: Number(button.dataset.boardStep) });
    });
  });

  const socket = Kiosk.live({
    code,
    role: "moderator",
    onSnapshot(state) {
      questions.reset(state.questions);
      showFeedback(state.feedback);
      renderHelp(state.help);
      showPhase(state.workshop.phase);
      showBoardScale(state.workshop);
      renderQuestions();
    },
    onEvent(kind, data) {
      if (kind === "question") {
        questions.put(data);
        renderQuestions();
      } else if (kind === "help") {
        renderHelp(data);
      } else if (kind === "feedback") {
        showFeedback(data);
      } else if (kind === "workshop") {
        showPhase(data.phase);
        showBoardScale(data);
      }
    },
  });

  // While the disk refuses writes the console says so, and stops saying it once a write succeeds again.
  const diskMessages = JSON.parse(document.getElementById("kiosk-disk")?.textContent || "{}");
  const diskBanner = document.querySelector("[data-disk-banner]");
  socket.on("disk", ({ trouble }) => {
    diskBanner.textContent = trouble ? diskMessages[trouble] || "" : "";
    diskBanner.hidden = !trouble;
  });

  // The board reads its current question aloud with its own voices: only a live event goes to it.
  const readAloudStatus = document.querySelector("[data-read-aloud-status]");
  document.querySelector("[data-read-aloud]").addEventListener("click", () => {
    readAloudStatus.textContent = "";
    socket.emit("read_aloud", (sent) => {
      if (sent === false) readAloudStatus.textContent = Kiosk.t("no_current");
    });
  });
})();
