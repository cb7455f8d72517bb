// The question board as every screen holds and draws it: the participant's list, the projector, the console.
// The order is the server's (each question's `order` key); a page only chooses what it shows of each.
"use strict";
/* exported Questions */

const Questions = (() => {
  // The keys are compared item by item: the rules that made them stay on the server.
  function byOrder(a, b) {
    for (let i = 0; i < a.order.length; i += 1) {
      if (a.order[i] < b.order[i]) return -1;
      if (a.order[i] > b.order[i]) return 1;
    }
    return 0;
  }

  // The questions a screen holds. One that comes without a place in the order has left this screen.
  function board() {
    const held = new Map();
    const put = (view) => {
      if (view.order) held.set(view.id, view);
      else held.delete(view.id);
    };
    return {
      put,
      reset(views) {
        held.clear();
        views.forEach(put);
      },
      get: (id) => held.get(id),
      sorted: () => [...held.values()].sort(byOrder),
    };
  }

  // One question: its text, and a line of what else is said of it when there is anything.
  function item(q, notes) {
    const li = document.createElement("li");
    li.className = `question status-${q.status}`;
    li.dataset.id = q.id;
    const text = document.createElement("p");
    text.className = "question-text";
    text.dir = "auto";
    text.textContent = q.text;
    li.append(text);
    const said = notes.filter(Boolean);
    if (said.length) {
      const meta = document.createElement("p");
      meta.className = "question-meta";
      // A note is text, or a sentence whose names and counts are set apart (Kiosk.say, Kiosk.plural).
      said.forEach((note, i) => meta.append(...(i ? [" · ", note] : [note])));
      li.append(meta);
    }
    return li;
  }

  return { board, item };
})();
