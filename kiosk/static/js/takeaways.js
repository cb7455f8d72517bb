// What the group keeps: on the console, the answer to a question and the prepared questions; on a phone,
// the take-home page the phone turns into when the workshop closes.
"use strict";

(() => {
  const main = document.getElementById("main");
  const code = main.dataset.code;
  const handout = `/w/${code}/handout`;
  const $ = (selector) => document.querySelector(selector);

  // A phone: once the workshop is over (and its feedback given, if the form was still open), the day's
  // questions and their answers replace the page, with no "moi aussi" left to press.
  const phonePage = $("[data-ask]");
  let phase = null;
  function goHomeWithAnswers() {
    window.location.replace(handout);
  }
  function follow(next) {
    phase = next;
    const feedback = $("[data-feedback]");
    if (phonePage && phase === "closed" && (!feedback || feedback.hidden)) goHomeWithAnswers();
  }
  if (phonePage) {
    Kiosk.onOutbox({
      sent(item, result) {
        if (item.tag === "feedback" && result.status < 300 && phase === "closed") setTimeout(goHomeWithAnswers, 3000);
      },
    });
  }

  // The console.
  const answerForm = $("[data-answer-form]");
  const select = $("[data-answer-question]");
  const questions = new Map();
  const shown = (q) => q.text && !["hidden", "pending"].includes(q.status);

  function fillForm() {
    const q = questions.get(Number(select.value));
    answerForm.elements.answer.value = q?.answer || "";
    answerForm.elements.link.value = q?.link || "";
  }

  function drawChoices() {
    if (!select) return;
    const chosen = select.value;
    const list = [...questions.values()].filter(shown).sort((a, b) => (a.status === "current" ? -1 : b.status === "current" ? 1 : b.id - a.id));
    const options = list.map((q) => Object.assign(document.createElement("option"), { value: String(q.id), textContent: q.text }));
    select.replaceChildren(...options);
    // The current question comes first and is chosen, unless the moderator chose another one.
    if (chosen && questions.has(Number(chosen)) && shown(questions.get(Number(chosen)))) select.value = chosen;
    if (select.value !== chosen) fillForm();
  }

  if (answerForm) {
    select.addEventListener("change", fillForm);
    answerForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = answerForm.querySelector("[data-answer-status]");
      status.textContent = "";
      const body = { answer: answerForm.elements.answer.value, link: answerForm.elements.link.value };
      const result = await Kiosk.act("PATCH", `/api/questions/${select.value}`, body);
      if (result && result.status < 300) {
        questions.set(result.data.id, result.data);
        fillForm();
        status.textContent = status.dataset.saved;
      }
    });
  }

  const preparedList = $("[data-prepared-list]");
  function drawPrepared(prepared) {
    if (!preparedList) return;
    $("[data-prepared-empty]").hidden = prepared.length > 0;
    preparedList.replaceChildren(...prepared.map((q) => {
      const li = document.createElement("li");
      const text = Object.assign(document.createElement("span"), { dir: "auto", textContent: q.text });
      const bring = Kiosk.button(preparedList.dataset.bring, () => Kiosk.act("POST", `/api/questions/${q.id}/bring`, {}));
      const withdraw = Kiosk.button(preparedList.dataset.withdraw, () => Kiosk.act("DELETE", `/api/questions/${q.id}/prepared`, {}));
      // Heard as the button followed by the question it is for.
      text.id = `prepared-${q.id}`;
      bring.setAttribute("aria-describedby", text.id);
      withdraw.setAttribute("aria-describedby", text.id);
      li.append(text, " ", bring, " ", withdraw);
      return li;
    }));
  }
  let prepared = [];
  const prepareForm = $("[data-prepare-form]");
  prepareForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await Kiosk.act("POST", `/api/workshops/${code}/prepared`, { text: prepareForm.elements.text.value, client_id: Kiosk.newId() });
    if (result && result.status < 300) prepareForm.reset();
  });

  Kiosk.live({
    code,
    role: "public",
    onSnapshot(state) {
      follow(state.workshop.phase);
      questions.clear();
      state.questions.forEach((q) => questions.set(q.id, q));
      drawChoices();
      if (state.prepared) {
        prepared = state.prepared;
        drawPrepared(prepared);
      }
    },
    onEvent(kind, data) {
      if (kind === "workshop") follow(data.phase);
      if (kind === "question") {
        questions.set(data.id, data);
        drawChoices();
        // A prepared question brought to the board leaves the prepared list.
        if (data.status !== "prepared" && prepared.some((q) => q.id === data.id)) {
          prepared = prepared.filter((q) => q.id !== data.id);
          drawPrepared(prepared);
        }
      }
      if (kind === "prepared") {
        prepared = data;
        drawPrepared(prepared);
      }
    },
  });
})();
