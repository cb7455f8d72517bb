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

  const TWINS_WAIT_MS = 500;
  const statusButton = (label, status, id) => Kiosk.button(label, () => act("PATCH", `/api/questions/${id}`, { status }));

  const THEMES = JSON.parse(document.getElementById("kiosk-themes").textContent);

  function themeSelect(id) {
    const select = document.createElement("select");
    select.append(new Option(Kiosk.t("no_theme"), ""));
    for (const [value, label] of Object.entries(THEMES)) select.append(new Option(label, value));
    select.addEventListener("change", () => act("PATCH", `/api/questions/${id}`, { theme: select.value || null }));
    return select;
  }

  function mergeSelect(id) {
    const select = document.createElement("select");
    select.addEventListener("change", () => {
      if (select.value) act("POST", `/api/questions/${id}/merge`, { into: Number(select.value) });
    });
    return select;
  }

  // The merge choice lists the other questions; its options are only replaced when they changed.
  function fillMergeSelect(select, q) {
    const options = [new Option(Kiosk.t("merge_question"), "")];
    questions.sorted()
      .filter((other) => other.id !== q.id && other.status !== "hidden")
      .forEach((other) => options.push(new Option(other.text.slice(0, 60), other.id)));
    const said = (list) => list.map((o) => `${o.value}:${o.text}`).join("\n");
    if (said([...select.options]) !== said(options)) select.replaceChildren(...options);
  }

  // Kiosk's suggested twins, by the id of the question that repeats an older one: the server finds them.
  let twins = new Map();
  let twinsTimer = null;

  async function lookForTwins() {
    const answer = await Kiosk.request("GET", `/api/workshops/${code}/merges`);
    if (answer.status !== 200) return;
    twins = new Map(answer.data.merges.map((m) => [m.id, m]));
    renderQuestions();
  }

  // Asked again once the questions settle; a question whose words or state moved has no twin until then.
  function twinsChanged(id) {
    if (id !== undefined) {
      for (const [key, m] of twins) if (key === id || m.into === id) twins.delete(key);
    }
    clearTimeout(twinsTimer);
    twinsTimer = setTimeout(lookForTwins, TWINS_WAIT_MS);
  }

  // "Même question que « … »" and its one-tap merge, kept in place like the other controls.
  function showTwin(li, q) {
    const twin = twins.get(q.id);
    const into = twin && questions.get(twin.into);
    let box = li.querySelector(".twin");
    if (!into) {
      box?.remove();
      return;
    }
    if (!box) {
      box = Object.assign(document.createElement("div"), { className: "twin" });
      const said = Object.assign(document.createElement("p"), { id: `twin-${q.id}` });
      const merge = Kiosk.button(Kiosk.t("merge_go"), () => {
        act("POST", `/api/questions/${q.id}/merge`, { into: Number(box.dataset.into) });
      });
      merge.dataset.twinMerge = "";
      box.append(said, merge);
      li.querySelector(".actions").before(box);
    }
    if (box.dataset.into !== String(into.id) || box.dataset.intoText !== into.text || box.dataset.text !== q.text) {
      Object.assign(box.dataset, { into: into.id, intoText: into.text, text: q.text });
      box.firstChild.replaceChildren(Kiosk.say("same_as", { into: into.text }));
      box.lastChild.setAttribute("aria-label", Kiosk.t("merge_into", { text: q.text, into: into.text }));
    }
  }

  function startEdit(li, id) {
    const q = questions.get(id);
    if (!q) return;
    // While it is corrected, the question's line is left as it is by live updates.
    li.dataset.editing = "yes";
    const done = () => {
      delete li.dataset.editing;
      li.replaceChildren();
      renderQuestions();
      li.querySelector("[data-action=edit]")?.focus();
    };
    Kiosk.editInPlace(li, {
      value: q.text,
      maxLength: Number(main.dataset.questionMax),
      label: Kiosk.t("edit_label"),
      onSave: async (text) => {
        if ((await act("PATCH", `/api/questions/${id}`, { text }))?.status < 400) done();
      },
    });
    li.querySelector("form").addEventListener("keydown", (event) => {
      if (event.key === "Escape") done();
    });
  }

  // The actions a question's state offers, each by a key, so that a live update keeps the same controls.
  function actionsFor(q) {
    const keys = [];
    if (q.status === "pending") {
      keys.push("approve");
    } else if (q.status === "hidden") {
      keys.push("show");
    } else {
      for (const status of ["current", "resolved", "later"]) if (q.status !== status) keys.push(status);
      if (q.status !== "open") keys.push("reopen");
    }
    if (q.status !== "hidden") keys.push("hide");
    keys.push("edit", "theme");
    if (q.status !== "hidden") keys.push("merge");
    return keys;
  }

  const STATUS_OF = { approve: "open", show: "open", current: "current", resolved: "resolved", later: "later", reopen: "open", hide: "hidden" };

  function makeAction(key, li, id) {
    if (key in STATUS_OF) return statusButton(Kiosk.t(key), STATUS_OF[key], id);
    if (key === "edit") return Kiosk.button(Kiosk.t("edit"), () => startEdit(li, id));
    return key === "theme" ? themeSelect(id) : mergeSelect(id);
  }

  // A console question, made or brought up to date in place: its buttons stay the same ones, so the
  // keyboard and a screen reader stay where they were while others post and vote.
  function questionItem(q, before) {
    if (before?.dataset.editing) return before;
    const li = Questions.item(q, [
      Kiosk.t(`status_${q.status}`),
      q.merged_into ? Kiosk.t("merged") : null,
      q.votes ? Kiosk.plural("votes", q.votes) : null,
      q.asked_by ? Kiosk.say("by", { name: q.asked_by }) : null,
    ], before);
    let actions = li.querySelector(".actions");
    if (!actions) {
      actions = Object.assign(document.createElement("div"), { className: "actions" });
      li.append(actions);
    }
    const held = new Map([...actions.children].map((control) => [control.dataset.action, control]));
    const controls = actionsFor(q).map((key) => {
      const control = held.get(key) || makeAction(key, li, q.id);
      control.dataset.action = key;
      return control;
    });
    // Only what changed is added or taken away: a control that stays is not moved.
    held.forEach((control) => {
      if (!controls.includes(control)) control.remove();
    });
    controls.forEach((control, i) => {
      if (actions.children[i] !== control) actions.insertBefore(control, actions.children[i] || null);
    });
    const theme = actions.querySelector("[data-action=theme]");
    theme.value = q.theme || "";
    theme.setAttribute("aria-label", Kiosk.t("theme_of", { text: q.text }));
    const merge = actions.querySelector("[data-action=merge]");
    if (merge) {
      fillMergeSelect(merge, q);
      merge.setAttribute("aria-label", Kiosk.t("merge_question_label", { text: q.text }));
    }
    showTwin(li, q);
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
    Questions.draw($("[data-questions]"), questions.sorted(), questionItem);
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
      twinsChanged();
    },
    onEvent(kind, data) {
      if (kind === "question") {
        // A "moi aussi" changes no twin: only new words, a new question or a new state are looked at again.
        const held = questions.get(data.id);
        if (!held || held.text !== data.text || held.status !== data.status) twinsChanged(data.id);
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
