// The door screen: the live "7 / 12 places" counter, and the kiosk form for people without a phone.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);
  const main = document.getElementById("main");
  const code = main.dataset.code;
  const qr = $("[data-door-qr]");
  const kiosk = $("[data-door-kiosk]");
  const done = $("[data-door-done]");
  // Absent when this screen was not opened by the moderator: it then only points to the phones.
  const form = kiosk?.querySelector("form");
  const feedback = $("[data-door-feedback]");
  const feedbackForm = feedback.querySelector("form");
  const WELCOME_SECONDS = 5;
  // Someone who chose their language and walked away: the door goes back to the workshop's after this.
  const PERSON_IDLE_SECONDS = 120;
  const workshopLanguage = main.dataset.workshopLanguage;
  const personal = document.documentElement.lang !== workshopLanguage;
  let phase = null;

  function showAttendance(counts) {
    $("[data-places]").replaceChildren(Kiosk.plural("places", counts.capacity, { taken: Kiosk.number(counts.present) }));
    $("[data-waiting]").textContent = counts.waiting;
    $("[data-waiting-line]").hidden = counts.waiting === 0;
    $("[data-over-capacity]").hidden = counts.present <= counts.capacity;
  }

  function show(part) {
    qr.hidden = part !== qr;
    if (kiosk) kiosk.hidden = part !== kiosk;
    feedback.hidden = part !== feedback;
    done.hidden = part !== done;
  }

  // What the door shows when nobody is using it: the feedback form at the end, else the way in.
  function home() {
    $("[data-door-message]").textContent = "";
    show(phase === "feedback" ? feedback : qr);
  }

  // After a person: the next one finds the door in the workshop's language.
  function nextPerson() {
    if (personal) window.location.replace(`/w/${code}/door`);
    else home();
  }

  if (personal) {
    let idle;
    const wait = () => {
      clearTimeout(idle);
      idle = setTimeout(nextPerson, PERSON_IDLE_SECONDS * 1000);
    };
    for (const kind of ["pointerdown", "keydown", "input"]) document.addEventListener(kind, wait);
    wait();
  }

  // Nothing of the previous person stays: not their name, not their answers, not the request id.
  function forget() {
    for (const f of [form, feedbackForm].filter(Boolean)) {
      f.reset();
      f.elements.client_id.value = Kiosk.newId();
      Kiosk.showError(f.querySelector("[data-error]"), "", f.elements.namedItem("name"));
    }
  }

  function thank(message) {
    $("[data-door-message]").replaceChildren(message);
    forget();
    show(done);
    setTimeout(nextPerson, WELCOME_SECONDS * 1000);
  }

  // A form sent for the person at the door: the answer when it was taken, else null with the reason shown.
  async function sendFor(doorForm, url) {
    const error = doorForm.querySelector("[data-error]");
    // The check-in's refusals are about the name, the only thing it asks for sure.
    const field = doorForm.elements.namedItem("name");
    let result;
    try {
      const body = { ...Kiosk.formJSON(doorForm), kiosk: true };
      if ("birth_year" in body) body.birth_year = Kiosk.year(body.birth_year);
      result = await Kiosk.request("POST", url, body);
    } catch {
      Kiosk.showError(error, $("[data-connection]").textContent);
      return null;
    }
    if (result.status < 400) return result;
    Kiosk.showError(error, result.data.error, field);
    return null;
  }

  feedbackForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await sendFor(feedbackForm, `/api/workshops/${code}/feedback`)) thank(Kiosk.t("thanks"));
  });

  // The details for the national report are asked only of a person who ticks their consent.
  const consent = form?.querySelector("[data-named-consent]");
  const details = form?.querySelector("[data-named-details]");
  const showDetails = () => { details.hidden = !consent.checked; };
  consent?.addEventListener("change", showDetails);
  form?.addEventListener("reset", () => setTimeout(showDetails));

  function openKiosk() {
    forget();
    show(kiosk);
    form.elements.name.focus();
  }
  $("[data-open-kiosk]")?.addEventListener("click", openKiosk);
  $("[data-close-kiosk]")?.addEventListener("click", () => {
    forget();
    nextPerson();
  });
  // Opened again in the language the person just chose.
  if (kiosk && "openForm" in main.dataset) openKiosk();

  form?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await sendFor(form, `/api/workshops/${code}/attendees`);
    if (!result) return;
    const key = result.data.status === "waiting" ? "waiting" : "welcome";
    thank(Kiosk.say(key, { name: result.data.name }));
  });

  // The door follows the workshop: when feedback opens, it becomes the feedback kiosk by itself.
  function showPhase(next) {
    if (next === phase) return;
    phase = next;
    if (done.hidden && (!kiosk || kiosk.hidden)) home();
  }

  Kiosk.fitAddresses();
  window.addEventListener("resize", Kiosk.fitAddresses);

  Kiosk.live({
    code,
    role: "screen",
    onSnapshot(state) {
      showAttendance(state.attendance);
      showPhase(state.workshop.phase);
    },
    onEvent(kind, data) {
      if (kind === "attendance") showAttendance(data);
      if (kind === "workshop") {
        // The door speaks the workshop's language; a new one redraws the page (when nobody is using it).
        if (data.language && data.language !== workshopLanguage && !qr.hidden) window.location.replace(`/w/${code}/door`);
        showPhase(data.phase);
      }
    },
  });
})();
