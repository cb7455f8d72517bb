// Quick picture polls: answered in one tap on a phone or at the door kiosk, shown as bars with numbers
// (a table a screen reader reads), started and stopped from the console.
"use strict";

(() => {
  const main = document.getElementById("main");
  const code = main.dataset.code;
  const words = JSON.parse(document.getElementById("poll-words")?.textContent || "{}");
  const box = document.querySelector("[data-poll-box]");
  if (!box) return;
  const atDoor = "kiosk" in box.dataset;
  const showsResult = "showResult" in box.dataset;
  const status = box.querySelector("[data-poll-status]");
  const THANKS_MS = 5000;
  let poll = null;
  let mine = null;

  const label = (option) => option.label ?? words.pictograms[option.pictogram] ?? "";
  const question = (p) => p.question || words.presets[p.preset] || words.presets.yes_no;

  function pictogram(option) {
    if (!option.pictogram) return null;
    const img = Object.assign(document.createElement("img"), { alt: "", width: 48, height: 48 });
    img.src = words.pictogram_url.replace("KEY", option.pictogram);
    return img;
  }

  function cell(tag, ...parts) {
    const element = document.createElement(tag);
    element.append(...parts.filter(Boolean));
    return element;
  }

  // The same numbers for the eye (bars) and the ear (a table with its headers).
  function result(p) {
    const table = document.createElement("table");
    table.className = "poll-result";
    const caption = cell("caption", question(p));
    caption.className = "visually-hidden";
    const head = cell("thead", cell("tr", cell("th", words.answer), cell("th", words.people)));
    head.className = "visually-hidden";
    head.querySelectorAll("th").forEach((th) => th.setAttribute("scope", "col"));
    const most = Math.max(1, ...p.counts);
    const rows = p.options.map((option, index) => {
      const name = cell("th", pictogram(option), cell("span", label(option)));
      name.setAttribute("scope", "row");
      name.querySelector("span").dir = "auto";
      const bar = Object.assign(document.createElement("span"), { className: "poll-bar" });
      bar.style.inlineSize = `${Math.round((p.counts[index] / most) * 100)}%`;
      const count = Object.assign(document.createElement("span"), { className: "poll-count", textContent: Kiosk.number(p.counts[index]) });
      return cell("tr", name, cell("td", bar, count));
    });
    table.append(caption, head, cell("tbody", ...rows));
    const total = cell("p", `${words.answers} `, cell("strong", Kiosk.number(p.total)));
    return [table, total];
  }

  function answerButtons(p) {
    return p.options.map((option, index) => {
      const button = Kiosk.button("", () => choose(index));
      button.className = "poll-option";
      button.append(pictogram(option) || "", cell("span", label(option)));
      button.querySelector("span").dir = "auto";
      if (!atDoor) button.setAttribute("aria-pressed", String(mine === index));
      return button;
    });
  }

  function draw() {
    const shown = poll !== null && (showsResult || !atDoor || poll.status === "open");
    box.hidden = !shown;
    if (!shown) return;
    box.querySelector("[data-poll-question]").textContent = question(poll);
    const options = box.querySelector("[data-poll-options]");
    const open = poll.status === "open";
    if (options) {
      // The buttons stay the same elements while the poll is the same: focus stays where it was.
      if (options.dataset.poll !== String(poll.id) || options.dataset.open !== String(open)) {
        options.replaceChildren(...(open ? answerButtons(poll) : []));
        options.dataset.poll = String(poll.id);
        options.dataset.open = String(open);
      }
      options.querySelectorAll("button").forEach((b, index) => {
        if (!atDoor) b.setAttribute("aria-pressed", String(mine === index));
      });
    }
    // People answer first and see the result once the vote stops; the board and the console see it live.
    const resultBox = box.querySelector("[data-poll-result]");
    resultBox.replaceChildren(...(showsResult || !open ? result(poll) : []));
    if (!open && !showsResult) status.textContent = words.closed;
    else if (status.textContent === words.closed) status.textContent = "";
    drawActions();
  }

  function choose(index) {
    if (!poll || poll.status !== "open") return;
    if (atDoor) {
      answerAtDoor(index);
      return;
    }
    if (Kiosk.waiting("poll", poll.id)) return;
    mine = index;
    Kiosk.send("POST", `/api/polls/${poll.id}/answer`, { choice: index }, "poll", poll.id);
    draw();
  }

  let unsay = null;
  async function answerAtDoor(index) {
    let said;
    try {
      const answer = await Kiosk.request("POST", `/api/polls/${poll.id}/answer`, { choice: index, kiosk: true, client_id: Kiosk.newId() });
      said = answer.status < 300 ? words.door_thanks : answer.data.error;
    } catch {
      said = document.querySelector("[data-connection]")?.textContent || "";
    }
    status.textContent = said;
    clearTimeout(unsay);
    unsay = setTimeout(() => {
      status.textContent = "";
    }, THANKS_MS);
  }

  if (!atDoor && !showsResult) {
    Kiosk.onOutbox({
      pending() {
        box.querySelectorAll("[data-poll-options] button").forEach((b) => Kiosk.hold(b, status, "poll", poll?.id));
      },
      sent(item, answer) {
        if (item.tag !== "poll") return;
        if (answer.status < 300) {
          mine = answer.data.choice;
          if (poll && answer.data.poll.id === poll.id) poll = answer.data.poll;
          status.textContent = words.thanks;
        } else {
          status.textContent = answer.data.error;
        }
        draw();
      },
    });
  }

  // The console: stop the vote, open it again, or take the poll off the screens.
  const console_ = document.querySelector("[data-poll-console]");
  function drawActions() {
    const actions = box.querySelector("[data-poll-actions]");
    if (!actions) return;
    const change = (wanted) => () => Kiosk.act("PATCH", `/api/polls/${poll.id}`, { status: wanted });
    const toggle = poll.status === "open" ? Kiosk.button(words.stop, change("closed")) : Kiosk.button(words.reopen, change("open"));
    actions.replaceChildren(toggle, Kiosk.button(words.put_away, change("done")));
  }
  if (console_) {
    const start = (body) => Kiosk.act("POST", `/api/workshops/${code}/polls`, { client_id: Kiosk.newId(), ...body });
    console_.querySelectorAll("[data-poll-preset]").forEach((b) => {
      b.addEventListener("click", () => start({ preset: b.dataset.pollPreset }));
    });
    const form = console_.querySelector("[data-poll-form]");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const options = [...form.elements.option].map((input) => input.value).filter((v) => v.trim());
      const answer = await start({ question: form.elements.question.value, options });
      if (answer && answer.status < 300) form.reset();
    });
  }

  async function readMine() {
    if (atDoor || showsResult) return;
    try {
      const answer = await Kiosk.request("GET", `/api/workshops/${code}/poll`);
      if (answer.status === 200 && poll && answer.data.poll?.id === poll.id) {
        mine = answer.data.mine;
        draw();
      }
    } catch {
      // The live channel's next snapshot tries again.
    }
  }

  function heard(next) {
    if (next?.id !== poll?.id) {
      mine = null;
      status.textContent = "";
    }
    poll = next;
    draw();
  }

  Kiosk.live({
    code,
    role: "public",
    onSnapshot(state) {
      heard(state.poll);
      readMine();
    },
    onEvent(kind, data) {
      if (kind === "poll") heard(data.poll);
    },
  });
})();
