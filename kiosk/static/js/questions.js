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

  // One question: its text, and a line of what else is said of it when there is anything. Given the <li>
  // that showed it before, that one is brought up to date, so that focus and reading position stay on it.
  function item(q, notes, li = document.createElement("li")) {
    li.className = `question status-${q.status}`;
    li.dataset.id = q.id;
    let text = li.querySelector(".question-text");
    if (!text) {
      text = document.createElement("p");
      text.className = "question-text";
      text.id = `question-${q.id}-text`;
      text.dir = "auto";
      li.prepend(text);
    }
    if (text.textContent !== q.text) text.textContent = q.text;
    // A note is text, or a sentence whose names and counts are set apart (Kiosk.say, Kiosk.plural).
    const said = notes.filter(Boolean);
    const line = document.createElement("p");
    line.className = "question-meta";
    said.forEach((note, i) => line.append(...(i ? [" · ", note] : [note])));
    let meta = li.querySelector(".question-meta");
    if (said.length && !meta) {
      meta = line;
      text.after(meta);
    } else if (meta && !said.length) {
      meta.remove();
    } else if (meta && meta.textContent !== line.textContent) {
      meta.replaceChildren(...line.childNodes);
    }
    return li;
  }

  // What a keyboard reaches in a question, in the page's order.
  const CONTROLS = "button, select, input, textarea, a[href]";

  // Something that takes the focus from a script only, when the reader must be brought back to it.
  function focusHere(element) {
    if (!element.matches(CONTROLS)) element.tabIndex = -1;
    element.focus();
  }

  // Where the keyboard goes when what had it is gone. A question that kept its place keeps it: the control
  // now at the same place in it, else its text. A question that moved away (resolved, merged, set aside) or
  // left hands over to the question now in its place, the next one (else the one before); an emptied list to
  // its heading. Never to the top of the page.
  function refocus(list, where) {
    const items = [...list.children];
    const find = (id) => items.find((li) => li.dataset.id === id);
    const same = find(where.id);
    if (same && items.indexOf(same) === where.at) {
      const controls = [...same.querySelectorAll(CONTROLS)];
      focusHere(controls[Math.min(where.index, controls.length - 1)] || same.querySelector(".question-text") || same);
      return;
    }
    const next = where.after.map(find).find(Boolean) || where.before.map(find).find(Boolean) || same;
    const heading = document.getElementById(list.getAttribute("aria-labelledby"));
    const target = next?.querySelector(".question-text") || next || heading;
    if (target) focusHere(target);
  }

  // The answer the group keeps, under its question: a few words and a link, or nothing. `label` introduces it.
  // `li` is a question's item, or the board's section of the current question.
  function answer(li, q, label) {
    let box = li.querySelector(".kept-answer");
    if (!q.answer && !q.link) {
      box?.remove();
      return li;
    }
    const parts = [Object.assign(document.createElement("p"), { className: "kept-label", textContent: label })];
    if (q.answer) parts.push(Object.assign(document.createElement("p"), { dir: "auto", textContent: q.answer }));
    if (q.link) {
      const link = Object.assign(document.createElement("a"), { href: q.link, textContent: q.link, rel: "noopener noreferrer" });
      const line = document.createElement("p");
      line.append(link);
      parts.push(line);
    }
    if (!box) {
      box = Object.assign(document.createElement("div"), { className: "kept-answer" });
      (li.querySelector(".question-meta") || li.querySelector(".question-text, .current-text")).after(box);
    }
    if (box.textContent !== parts.map((p) => p.textContent).join("")) box.replaceChildren(...parts);
    return li;
  }

  // Shows `views` in `list` in their order, each by its <li> of before when it had one (`update(q, li)` brings
  // it up to date). Only the nodes out of place move, and a focused one keeps its focus.
  function draw(list, views, update) {
    const before = new Map([...list.children].map((li) => [li.dataset.id, li]));
    const focused = document.activeElement;
    const focusedLi = list.contains(focused) ? focused.closest("li[data-id]") : null;
    let where = null;
    if (focusedLi) {
      const ids = [...before.keys()];
      const place = ids.indexOf(focusedLi.dataset.id);
      where = {
        id: focusedLi.dataset.id,
        at: place,
        index: [...focusedLi.querySelectorAll(CONTROLS)].indexOf(focused),
        after: ids.slice(place + 1),
        before: ids.slice(0, place).reverse(),
      };
    }
    let at = list.firstElementChild;
    for (const q of views) {
      const li = update(q, before.get(String(q.id)));
      before.delete(String(q.id));
      if (li === at) {
        at = at.nextElementSibling;
      } else if (list.moveBefore && li.isConnected) {
        list.moveBefore(li, at); // keeps focus where the browser can
      } else {
        list.insertBefore(li, at);
      }
    }
    before.forEach((li) => li.remove());
    if (!where || focused === document.activeElement) return;
    if (list.contains(focused)) focused.focus();
    else refocus(list, where);
  }

  return { board, item, answer, draw };
})();
