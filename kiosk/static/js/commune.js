// The commune picker (templates/_commune_picker.html): an ARIA combobox over GET /api/communes.
// Typing asks the server (it knows the rules of matching); arrows move in the list, Enter or a tap
// chooses, Escape closes. The chosen code goes in the hidden field; typing again forgets it.
"use strict";
/* exported Communes */

const Communes = (() => {
  const DELAY_MS = 150;

  function attach(root) {
    if (root.dataset.communeReady) return;
    root.dataset.communeReady = "1";
    const input = root.querySelector("[data-commune-text]");
    const code = root.querySelector("[data-commune-code]");
    const list = root.querySelector("[data-commune-list]");
    const status = root.querySelector("[data-commune-status]");
    const found = JSON.parse(root.dataset.found);
    const rules = new Intl.PluralRules(document.documentElement.lang || "fr");
    let options = [];
    let active = -1;
    let timer = null;
    let asking = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    const say = (text) => { status.textContent = text; };
    const shown = (commune) => `${commune.name} (${commune.postal_codes.join(", ")})`;

    function open(isOpen) {
      list.hidden = !isOpen;
      input.setAttribute("aria-expanded", String(isOpen));
      if (!isOpen) {
        active = -1;
        input.removeAttribute("aria-activedescendant");
      }
    }

    function highlight(index) {
      const items = [...list.children];
      active = index;
      items.forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      const commune = options[index];
      if (!commune) return;
      input.value = shown(commune);
      code.value = commune.insee;
      open(false);
      say(`${root.dataset.chosen} ${shown(commune)}`);
    }

    function draw(communes) {
      options = communes;
      list.replaceChildren(...communes.map((commune, i) => {
        const li = document.createElement("li");
        li.id = `${list.id}-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        const name = Object.assign(document.createElement("span"), { className: "commune-name", textContent: commune.name });
        const postal = Object.assign(document.createElement("span"), { className: "commune-postal", textContent: commune.postal_codes.join(", ") });
        li.append(name, " ", postal);
        // Chosen on a tap without the field losing focus first (the list would close under the finger).
        li.addEventListener("pointerdown", (event) => event.preventDefault());
        li.addEventListener("click", () => choose(i));
        return li;
      }));
      open(communes.length > 0);
      if (!communes.length) say(root.dataset.none);
      else say((found[rules.select(communes.length)] ?? found.other).replace("{n}", communes.length));
    }

    async function ask(text) {
      asking?.abort();
      asking = new AbortController();
      try {
        const response = await fetch(`${root.dataset.url}?q=${encodeURIComponent(text)}`, { signal: asking.signal });
        if (response.ok && input.value === text) draw(await response.json());
      } catch {
        // Offline or replaced by a newer question: the field stays as typed, which is also accepted.
      }
    }

    input.addEventListener("input", () => {
      code.value = "";
      clearTimeout(timer);
      const text = input.value;
      if (!text.trim()) {
        options = [];
        list.replaceChildren();
        open(false);
        say("");
        return;
      }
      timer = setTimeout(() => ask(text), DELAY_MS);
    });

    input.addEventListener("keydown", (event) => {
      const last = options.length - 1;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden && options.length) open(true);
        highlight(active >= last ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden && options.length) open(true);
        highlight(active <= 0 ? last : active - 1);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault(); // choose, not send the form
        choose(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        open(false);
      }
    });

    input.addEventListener("blur", () => open(false));
    // A form emptied for the next person (the door kiosk) forgets the commune too.
    input.form?.addEventListener("reset", () => {
      code.value = "";
      options = [];
      list.replaceChildren();
      open(false);
      say("");
    });
  }

  const attachAll = (container = document) => container.querySelectorAll("[data-commune-picker]").forEach(attach);
  attachAll();
  return { attach, attachAll };
})();
