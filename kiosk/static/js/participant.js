// The participant's page: check in, ask, "moi aussi", and the feedback form when it opens.
"use strict";

(() => {
  const main = document.getElementById("main");
  const code = main.dataset.code;
  const $ = (selector) => document.querySelector(selector);

  const checkinForm = $("[data-checkin]");
  if (checkinForm) {
    checkinForm.addEventListener("submit", (event) => {
      event.preventDefault();
      if (Kiosk.waiting("checkin")) return;
      Kiosk.send("POST", `/api/workshops/${code}/attendees`, Kiosk.formJSON(checkinForm), "checkin");
    });
  }

  const questions = Questions.board();
  let me = { questions: [], votes: [], status: null };
  let phase = document.body.className.match(/phase-(\w+)/)[1];
  // Feedback stays open on a phone that had it when the workshop closed: the server takes late answers a while.
  let feedbackWasOpen = Boolean(document.querySelector("[data-feedback][data-taking]"));
  const list = $("[data-questions]");
  const outboxNote = $("[data-outbox]");

  let paused = false;

  // One polite voice for what changes out of sight: new questions, the feedback form, the end.
  // New questions are told at most once every few seconds, summed up when several came meanwhile.
  const voice = $("[data-announce]");
  const QUIET_MS = 5000;
  let lastSaid = -Infinity;
  let unsaid = [];
  let sayLater = null;

  function say(text) {
    if (!voice) return;
    lastSaid = Date.now();
    // Emptied first, so that the same words said twice are heard twice.
    voice.textContent = "";
    setTimeout(() => {
      voice.textContent = text;
    }, 100);
  }

  function sayNewQuestions() {
    sayLater = null;
    // This phone's own question is not news to it: wait for the server's answer that says it is ours.
    if (Kiosk.waiting("question")) {
      sayLater = setTimeout(sayNewQuestions, 500);
      return;
    }
    const news = unsaid.filter((q) => !me.questions.includes(q.id) && questions.get(q.id));
    unsaid = [];
    if (paused || !news.length) return;
    // The status region reads text: a counted sentence's parts are joined back into one line.
    const counted = () => Kiosk.plural("new_questions", news.length).textContent;
    say(news.length === 1 ? Kiosk.t("new_question", { text: news[0].text }) : counted());
  }

  function heardOf(q) {
    if (paused) return;
    unsaid.push(q);
    sayLater ??= setTimeout(sayNewQuestions, Math.max(0, lastSaid + QUIET_MS - Date.now()));
  }

  const pauseButton = $("[data-pause]");
  if (pauseButton) {
    // A list that moves under the reader's finger is hard to read: it can be frozen.
    pauseButton.addEventListener("click", () => {
      paused = !paused;
      pauseButton.setAttribute("aria-pressed", String(paused));
      pauseButton.textContent = Kiosk.t(paused ? "resume" : "pause");
      $("[data-paused-note]").hidden = !paused;
      if (!paused) render();
    });
  }

  const helpButton = $("[data-help-button]");
  if (helpButton) {
    helpButton.addEventListener("click", () => {
      if (Kiosk.waiting("help")) return;
      Kiosk.send("POST", `/api/workshops/${code}/help`, {}, "help");
    });
  }

  function render(force) {
    if (!list || (paused && !force)) return;
    const visible = questions.sorted();
    Questions.draw(list, visible, questionItem);
    $("[data-empty]").hidden = visible.length > 0;
  }

  function votesNote(n) {
    if (!n) return null;
    return Kiosk.plural("votes", n);
  }

  // A question's line, made or brought up to date in place: its "Moi aussi" stays the same button.
  function questionItem(q, before) {
    const mine = me.questions.includes(q.id);
    const li = Questions.item(q, [
      q.status === "open" ? null : Kiosk.t(q.status),
      q.author,
      mine ? Kiosk.t("mine") : null,
      votesNote(q.votes),
    ], before);
    Questions.answer(li, q, list.dataset.answerLabel);
    let button = li.querySelector(".me-too");
    let note = li.querySelector("[data-vote-note]");
    if (me.status !== "present" || mine || q.status === "resolved") {
      button?.remove();
      note?.remove();
      return li;
    }
    if (!button) {
      button = Kiosk.button(Kiosk.t("me_too"), () => toggleVote(q.id, me.votes.includes(q.id)));
      button.className = "me-too";
      // Heard as "Moi aussi" followed by the question it is for.
      button.setAttribute("aria-describedby", li.querySelector(".question-text").id);
      note = Object.assign(document.createElement("p"), { className: "status" });
      note.dataset.voteNote = "";
      note.setAttribute("role", "status");
      li.append(button, note);
    }
    button.setAttribute("aria-pressed", String(me.votes.includes(q.id)));
    Kiosk.hold(button, note, "vote", q.id);
    return li;
  }

  function toggleVote(id, voted) {
    // A second tap while the first waits would take the vote back before it was even counted.
    if (Kiosk.waiting("vote", id)) return;
    Kiosk.showError($("[data-vote-error]"), "");
    // Shown at once; the server's answer and the live channel confirm it.
    me.votes = voted ? me.votes.filter((v) => v !== id) : [...me.votes, id];
    const q = questions.get(id);
    if (q) q.votes += voted ? -1 : 1;
    Kiosk.send(voted ? "DELETE" : "POST", `/api/questions/${id}/vote`, {}, "vote", id);
    render(true);
  }

  // The server's answer to a vote: the truth for this phone, even if a snapshot came in between.
  function voteAnswered(item, result) {
    const q = questions.get(item.key);
    if (result.status >= 300) {
      // Refused: the tap is undone, and the reason shown.
      const wanted = item.method === "POST";
      me.votes = wanted ? me.votes.filter((v) => v !== item.key) : [...me.votes, item.key];
      if (q) q.votes += wanted ? -1 : 1;
      Kiosk.showError($("[data-vote-error]"), result.data.error);
    } else if (result.data.voted !== me.votes.includes(item.key)) {
      me.votes = result.data.voted ? [...me.votes, item.key] : me.votes.filter((v) => v !== item.key);
      if (q) q.votes = result.data.votes;
    } else {
      return;
    }
    render(true);
  }

  // Someone on the waiting list learns they are in as soon as the moderator admits them.
  async function checkAdmitted() {
    const notice = $("[data-waiting-notice]");
    if (!notice || notice.dataset.admitted) return;
    const result = await Kiosk.request("GET", `/api/workshops/${code}`);
    if (result.data.me && result.data.me.status === "present") {
      notice.dataset.admitted = "yes";
      notice.textContent = Kiosk.t("admitted");
      me.status = "present";
      const hint = $("[data-vote-hint]");
      if (hint) hint.hidden = false;
      showPhase(phase);
      render(true);
    }
  }

  function showPhase(next) {
    if (next !== phase && next === "feedback" && me.status === "present") say(Kiosk.t("feedback_open"));
    if (next !== phase && next === "closed") say(Kiosk.t("closed"));
    phase = next;
    feedbackWasOpen = feedbackWasOpen || phase === "feedback";
    document.body.className = document.body.className.replace(/phase-\w+/, `phase-${phase}`);
    // People on the waiting list watch the board; they write once they are let in.
    const waiting = me.status === "waiting";
    const feedback = $("[data-feedback]");
    if (feedback) feedback.hidden = waiting || !(phase === "feedback" || (phase === "closed" && feedbackWasOpen));
    const ask = $("[data-ask]");
    if (ask) ask.hidden = waiting || phase === "closed";
    const help = $("[data-help]");
    if (help) help.hidden = waiting || phase === "closed";
    const closed = $("[data-closed]");
    if (closed) closed.hidden = phase !== "closed";
  }

  const askForm = $("[data-ask-form]");
  if (askForm) {
    const textarea = askForm.elements.text;
    const counter = $("[data-count]");
    const max = textarea.maxLength;
    textarea.addEventListener("input", () => {
      counter.textContent = `${textarea.value.length} / ${max}`;
    });
    askForm.addEventListener("submit", (event) => {
      event.preventDefault();
      if (Kiosk.waiting("question")) return;
      Kiosk.showError(askForm.querySelector("[data-error]"), "", textarea);
      askForm.querySelector("[data-status]").textContent = "";
      const anonymous = !askForm.elements.show_name.checked;
      Kiosk.send("POST", `/api/workshops/${code}/questions`, { text: textarea.value, anonymous }, "question");
    });
  }

  const feedbackForm = $("[data-feedback-form]");
  if (feedbackForm) {
    feedbackForm.addEventListener("submit", (event) => {
      event.preventDefault();
      if (Kiosk.waiting("feedback")) return;
      Kiosk.send("POST", `/api/workshops/${code}/feedback`, Kiosk.formJSON(feedbackForm), "feedback");
    });
  }

  // Each button whose write waits is held, and says so beside it; the banner sums it up on screen.
  function showWaiting() {
    const submit = (form) => form?.querySelector("button[type=submit]");
    Kiosk.hold(submit(checkinForm), checkinForm?.querySelector("[data-waiting]"), "checkin");
    Kiosk.hold(submit(askForm), askForm?.querySelector("[data-status]"), "question");
    Kiosk.hold(submit(feedbackForm), feedbackForm?.querySelector("[data-waiting]"), "feedback");
    Kiosk.hold(helpButton, $("[data-help-status]"), "help");
    list?.querySelectorAll("li[data-id]").forEach((li) => {
      Kiosk.hold(li.querySelector(".me-too"), li.querySelector("[data-vote-note]"), "vote", Number(li.dataset.id));
    });
    // Asked to slow down, the note beside the button says why: the banner would wrongly blame the network.
    if (outboxNote) outboxNote.hidden = Kiosk.waiting() !== "long" || Kiosk.slowedDown() !== null;
  }

  Kiosk.onOutbox({
    pending: showWaiting,
    sent(item, result) {
      const ok = result.status < 300;
      // Refused as a stranger: the moderator removed or merged this person. The page asks to check in again.
      if (result.status === 403 && item.tag !== "checkin" && askForm) {
        window.location.reload();
        return;
      }
      if (item.tag === "checkin") {
        if (ok) window.location.reload();
        else Kiosk.showError(checkinForm?.querySelector("[data-error]"), result.data.error, checkinForm?.elements.name);
      } else if (item.tag === "question" && askForm) {
        if (ok) {
          me.questions = [...me.questions, result.data.id];
          const pending = result.data.status === "pending";
          if (!pending) questions.put(result.data);
          // What was typed while the question waited is the next question: it stays.
          if (askForm.elements.text.value === item.body.text) {
            askForm.elements.text.value = "";
            $("[data-count]").textContent = `0 / ${askForm.elements.text.maxLength}`;
          }
          askForm.querySelector("[data-status]").textContent = Kiosk.t(pending ? "pending_sent" : "sent");
          render(true);
        } else {
          Kiosk.showError(askForm.querySelector("[data-error]"), result.data.error, askForm.elements.text);
          askForm.querySelector("[data-status]").textContent = "";
        }
      } else if (item.tag === "vote") {
        voteAnswered(item, result);
      } else if (item.tag === "help") {
        $("[data-help-status]").textContent = ok ? Kiosk.t("help_sent") : result.data.error;
      } else if (item.tag === "feedback" && feedbackForm) {
        if (ok) {
          const thanks = Object.assign(document.createElement("p"), {
            className: "notice notice-success", textContent: Kiosk.t("feedback_sent"), tabIndex: -1,
          });
          feedbackForm.replaceChildren(thanks);
          // The button pressed is gone: the reader goes on from the thanks, which focus reads out.
          thanks.focus();
        } else {
          Kiosk.showError(feedbackForm.querySelector("[data-error]"), result.data.error);
        }
      }
    },
  });

  Kiosk.live({
    code,
    role: "public",
    onSnapshot(state) {
      questions.reset(state.questions);
      // No "me" any more on a page made for a checked-in person: the moderator removed or merged them.
      // The page shows the check-in form again.
      if (!state.me && askForm) {
        window.location.reload();
        return;
      }
      me = state.me || { questions: [], votes: [], status: null };
      showPhase(state.workshop.phase);
      render();
    },
    onEvent(kind, data) {
      if (kind === "question") {
        const known = questions.get(data.id);
        questions.put(data);
        if (!known && data.order) heardOf(data);
        render();
      } else if (kind === "workshop") {
        showPhase(data.phase);
      } else if (kind === "admitted") {
        checkAdmitted();
      }
    },
    // Let in while the phone was away: it asks once it is back.
    onConnection(yes) {
      if (yes && me.status === "waiting") checkAdmitted();
    },
  });
})();
