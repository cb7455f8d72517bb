// The moderator's attendance panel: who is in, who waits, walk-ins, registrations, check-in settings.
"use strict";

(() => {
  const main = document.getElementById("main");
  const code = main.dataset.code;
  const $ = (selector) => document.querySelector(selector);
  const people = new Map();
  let registrations = [];

  // A person's name set apart (it may be written right to left), then what is said of them.
  const named = (name, notes) => [
    Object.assign(document.createElement("span"), { dir: "auto", textContent: name }),
    ...notes.filter(Boolean).map((n) => ` (${n})`),
  ];

  function personItem(person) {
    const li = document.createElement("li");
    const name = document.createElement("span");
    name.className = "person-name";
    const notes = [person.status === "waiting" ? Kiosk.t("waiting") : null, person.came_before ? Kiosk.t("came_before") : null];
    name.replaceChildren(...named(person.name, notes));
    const actions = document.createElement("div");
    actions.className = "actions";
    if (person.status === "waiting") {
      actions.append(Kiosk.button(Kiosk.t("admit"), () => Kiosk.act("PATCH", `/api/attendees/${person.id}`, { status: "present" })));
    }
    actions.append(Kiosk.button(Kiosk.t("rename"), () => startRename(li, person)), namedConsentBox(person));
    if (person.named_consent) actions.append(completeButton(person));
    const others = [...people.values()].filter((p) => p.id !== person.id);
    if (others.length) {
      const select = document.createElement("select");
      select.setAttribute("aria-label", Kiosk.t("merge_label", { name: person.name }));
      select.append(new Option(Kiosk.t("merge"), ""));
      others.forEach((p) => select.append(new Option(p.name, p.id)));
      select.addEventListener("change", () => {
        if (select.value) Kiosk.act("POST", `/api/attendees/${person.id}/merge`, { into: Number(select.value) });
      });
      actions.append(select);
    }
    actions.append(Kiosk.button(Kiosk.t("remove"), () => {
      if (window.confirm(Kiosk.t("confirm_remove", { name: person.name }))) {
        Kiosk.act("DELETE", `/api/attendees/${person.id}`, {});
      }
    }));
    li.append(name, actions);
    return li;
  }

  // Asked aloud by the moderator: only those who say yes go into the activity tool's import file.
  function namedConsentBox(person) {
    const wrap = document.createElement("div");
    wrap.className = "check";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = `named-${person.id}`;
    box.checked = person.named_consent;
    // Once the person agrees, what the national tool asks of them comes at once.
    box.addEventListener("change", async () => {
      const result = await Kiosk.act("PATCH", `/api/attendees/${person.id}`, { named_consent: box.checked });
      if (box.checked && result && result.status < 300) openDetails(result.data);
    });
    const label = document.createElement("label");
    label.htmlFor = box.id;
    // Seen: the short label; heard: the whole sentence, with whose name it is.
    const seen = Object.assign(document.createElement("span"), { textContent: Kiosk.t("named") });
    seen.setAttribute("aria-hidden", "true");
    const heard = Object.assign(document.createElement("span"), { className: "visually-hidden" });
    heard.append(Kiosk.say("named_for", { name: person.name }));
    label.append(seen, heard);
    wrap.append(box, label);
    return wrap;
  }

  // A button whose name, heard, says whose details it completes.
  function completeButton(person) {
    const b = Kiosk.button(Kiosk.t("complete"), () => openDetails(person));
    b.setAttribute("aria-label", Kiosk.t("complete_for", { name: person.name }));
    return b;
  }

  // The details asked of a person who agreed to be named, in one dialog the live list never redraws.
  const dialog = $("[data-named-dialog]");
  const detailsForm = dialog.querySelector("form");
  const detailsError = dialog.querySelector("[data-named-error]");
  let editing = null;

  function openDetails(person) {
    editing = person.id;
    detailsForm.reset();
    Kiosk.showError(detailsError, "");
    dialog.querySelector("[data-named-title]").replaceChildren(Kiosk.say("named_title", { name: person.name }));
    const fields = detailsForm.elements;
    fields.family_name.value = person.family_name || "";
    fields.birth_year.value = person.birth_year || "";
    fields.gender.value = person.gender;
    fields.commune.value = person.commune_insee || person.commune ? person.commune_name : "";
    fields.commune_insee.value = person.commune_insee || "";
    dialog.showModal();
    fields.family_name.focus();
  }

  detailsForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fields = detailsForm.elements;
    const body = { family_name: fields.family_name.value, birth_year: Kiosk.year(fields.birth_year.value), gender: fields.gender.value };
    // A commune chosen in the list, or emptied; one typed but not chosen stays as it was.
    if (fields.commune_insee.value || !fields.commune.value.trim()) body.commune_insee = fields.commune_insee.value || null;
    let result;
    try {
      result = await Kiosk.request("PATCH", `/api/attendees/${editing}`, body);
    } catch {
      Kiosk.showError(detailsError, $("[data-connection]").textContent);
      return;
    }
    if (result.status >= 400) Kiosk.showError(detailsError, result.data.error);
    else dialog.close();
  });
  dialog.querySelector("[data-named-cancel]").addEventListener("click", () => dialog.close());

  // Before the export: each named person, with what the national tool would miss or refuse.
  function reviewItem(person) {
    const li = document.createElement("li");
    const name = Object.assign(document.createElement("span"), { className: "person-name", dir: "auto", textContent: person.name });
    const said = document.createElement("ul");
    const problems = person.problems.length ? person.problems.map((p) => Kiosk.t(`problem_${p}`)) : [Kiosk.t("ready")];
    said.append(...problems.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
    li.append(name, said, completeButton(person));
    return li;
  }

  function renderReview() {
    const agreed = [...people.values()].filter((p) => p.named_consent && p.status === "present");
    $("[data-named-review]").replaceChildren(...agreed.map(reviewItem));
    $("[data-named-review-empty]").hidden = agreed.length > 0;
  }

  function startRename(li, person) {
    Kiosk.editInPlace(li, {
      value: person.name,
      maxLength: Number(main.dataset.nameMax),
      label: Kiosk.t("new_name", { name: person.name }),
      onSave: (name) => Kiosk.act("PATCH", `/api/attendees/${person.id}`, { name }),
    });
  }

  function renderPeople() {
    $("[data-people]").replaceChildren(...[...people.values()].map(personItem));
    renderReview();
  }

  function registrationItem(r) {
    const li = document.createElement("li");
    const name = document.createElement("span");
    name.className = "person-name";
    const notes = [r.waiting ? Kiosk.t("reg_waiting") : null, r.present ? Kiosk.t("reg_present") : null];
    name.replaceChildren(...named(r.name, notes));
    const actions = document.createElement("div");
    actions.className = "actions";
    if (!r.present) {
      actions.append(Kiosk.button(Kiosk.t("is_here"), () =>
        Kiosk.act("POST", `/api/registrations/${r.id}/present`, { client_id: Kiosk.newId() })));
    }
    actions.append(Kiosk.button(Kiosk.t("cancel"), () => Kiosk.act("DELETE", `/api/registrations/${r.id}`, {})));
    li.append(name, actions);
    return li;
  }

  function renderRegistrations() {
    $("[data-registrations]").replaceChildren(...registrations.map(registrationItem));
  }

  function showAttendance(summary) {
    $("[data-present]").textContent = summary.present;
    $("[data-capacity]").textContent = summary.capacity;
    $("[data-waiting]").textContent = summary.waiting;
    $("[data-waiting-line]").hidden = summary.waiting === 0;
    if (summary.head_count === undefined) return;
    $("[data-head-count-value]").textContent = summary.head_count;
    $("[data-total]").textContent = summary.total;
    for (const key of ["registered", "registered_present", "registered_absent", "walk_ins"]) {
      $(`[data-reg="${key}"]`).textContent = summary[key];
    }
    $('[data-reg="attendance_rate"]').textContent = summary.attendance_rate === null ? "–" : `${summary.attendance_rate} %`;
  }

  // A press sends a step, not a count: the server adds it to the count it holds, so two quick presses
  // made before the console heard back about the first both count.
  document.querySelectorAll("[data-head-count]").forEach((b) => {
    b.addEventListener("click", () => {
      Kiosk.act("PATCH", `/api/workshops/${code}`, { head_count_step: Number(b.dataset.headCount) });
    });
  });

  $("[data-add-person]").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = event.target.elements.name;
    Kiosk.act("POST", `/api/workshops/${code}/attendees`, { name: input.value, client_id: Kiosk.newId(), walk_in: true })
      .then((result) => { if (result && result.status < 300) input.value = ""; });
  });

  $("[data-register]").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const body = {
      name: form.elements.name.value,
      phone: form.elements.phone.value,
      email: form.elements.email.value,
      consent: form.elements.consent.checked,
      commune_insee: form.elements.commune_insee.value || null,
      commune: form.elements.commune.value,
      client_id: Kiosk.newId(),
    };
    Kiosk.act("POST", `/api/workshops/${code}/registrations`, body)
      .then((result) => { if (result && result.status < 300) form.reset(); });
  });

  $("[data-capacity-form]").addEventListener("submit", (event) => {
    event.preventDefault();
    Kiosk.act("PATCH", `/api/workshops/${code}`, { capacity: Number(event.target.elements.capacity.value) });
  });

  document.querySelectorAll("[data-setting]").forEach((box) => {
    box.addEventListener("change", () => Kiosk.act("PATCH", `/api/workshops/${code}`, { [box.dataset.setting]: box.checked }));
  });

  Kiosk.live({
    code,
    role: "moderator",
    onSnapshot(state) {
      people.clear();
      state.attendees.forEach((p) => people.set(p.id, p));
      registrations = state.registrations;
      showAttendance(state.attendance);
      renderPeople();
      renderRegistrations();
    },
    onEvent(kind, data) {
      if (kind === "attendee") {
        people.set(data.id, data);
        renderPeople();
      } else if (kind === "attendee_removed") {
        people.delete(data.id);
        renderPeople();
      } else if (kind === "attendance") {
        showAttendance(data);
      } else if (kind === "registrations") {
        registrations = data;
        renderRegistrations();
      } else if (kind === "workshop") {
        // The head count is the workshop's own: shown at once, before the counts (a second later) confirm it.
        const shown = $("[data-head-count-value]");
        if (data.head_count !== undefined && Number(shown.textContent) !== data.head_count) {
          shown.textContent = data.head_count;
          $("[data-total]").textContent = Number($("[data-present]").textContent) + data.head_count;
        }
        $("#capacity").value = data.capacity;
        document.querySelectorAll("[data-setting]").forEach((box) => {
          if (box.dataset.setting in data) box.checked = data[box.dataset.setting];
        });
      }
    },
  });
})();
