// The door screen: the live "7 / 12 places" counter, and the kiosk forms for people without a phone
// (the check-in, and the "carte Kiosk" typed, scanned or shown to the camera).
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);
  const main = document.getElementById("main");
  const code = main.dataset.code;
  const qr = $("[data-door-qr]");
  const kiosk = $("[data-door-kiosk]");
  const done = $("[data-door-done]");
  const card = $("[data-door-card]");
  const cardForm = card?.querySelector("[data-card-form]");
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
  // The card read at the door, the request id of its one tap, and the camera while it looks.
  let shownCard = null;
  let enterId = null;
  let stream = null;
  let looking = null;
  let cameraTimeout = null;

  function showAttendance(counts) {
    $("[data-places]").replaceChildren(Kiosk.plural("places", counts.capacity, { taken: Kiosk.number(counts.present) }));
    $("[data-waiting]").textContent = counts.waiting;
    $("[data-waiting-line]").hidden = counts.waiting === 0;
    $("[data-over-capacity]").hidden = counts.present <= counts.capacity;
  }

  function show(part) {
    qr.hidden = part !== qr;
    if (kiosk) kiosk.hidden = part !== kiosk;
    if (card) card.hidden = part !== card;
    if (part !== card) stopCamera();
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
    forgetCard();
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
  for (const back of document.querySelectorAll("[data-close-kiosk]")) {
    back.addEventListener("click", () => {
      forget();
      nextPerson();
    });
  }

  // The "carte Kiosk": its code is read (typed, or a hand scanner typing "KIOSK-CARTE:…" and Enter, or
  // the camera), then a card used before greets its holder by name and checks them in with one tap;
  // a new one opens the usual form, which keeps the card with the person.
  const cardField = cardForm?.elements.card;
  const cardError = cardForm?.querySelector("[data-error]");
  const known = $("[data-card-known]");
  const enterError = $("[data-enter-error]");
  const newCard = $("[data-card-new]");
  // The camera, offered only where the browser has one to give (never on plain http:// but localhost).
  const CAMERA_SECONDS = 60;
  const LOOK_EVERY_MS = 200;
  const camera = $("[data-camera]");
  const video = $("[data-camera-video]");
  const cameraStatus = $("[data-camera-status]");
  const hasCamera = Boolean(camera && navigator.mediaDevices?.getUserMedia && window.jsQR);
  if (hasCamera) camera.hidden = false;

  function forgetCard() {
    shownCard = null;
    enterId = null;
    if (!cardForm) return;
    cardForm.reset();
    Kiosk.showError(cardError, "", cardField);
    Kiosk.showError(enterError, "");
    cardForm.hidden = false;
    camera.hidden = !hasCamera;
    cameraStatus.textContent = "";
    known.hidden = true;
    newCard.hidden = true;
    // A hidden field keeps its value through a reset.
    form.elements.card.value = "";
  }

  function openCard() {
    forget();
    show(card);
    cardField.focus();
  }

  cardForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    stopCamera();
    let result;
    try {
      result = await Kiosk.request("POST", `/api/workshops/${code}/cards/shown`, { card: cardField.value });
    } catch {
      Kiosk.showError(cardError, $("[data-connection]").textContent, cardField);
      return;
    }
    if (result.status >= 400) {
      Kiosk.showError(cardError, result.data.error, cardField);
      return;
    }
    shownCard = cardField.value;
    if (!result.data.known) {
      // New card: the usual form, once; the card goes with it.
      const typed = shownCard;
      forget();
      form.elements.card.value = typed;
      newCard.hidden = false;
      show(kiosk);
      form.elements.name.focus();
      return;
    }
    cardForm.hidden = true;
    camera.hidden = true;
    known.hidden = false;
    known.dataset.name = result.data.name;
    $("[data-card-greeting]").replaceChildren(Kiosk.say("card_hello", { name: result.data.name }));
    $("[data-card-greeting]").focus();
  });

  // One tap: the name given last time, the card, and a new request id (a double tap counts once).
  $("[data-card-enter]")?.addEventListener("click", async () => {
    enterId ||= Kiosk.newId();
    const body = { name: known.dataset.name, card: shownCard, kiosk: true, client_id: enterId };
    let result;
    try {
      result = await Kiosk.request("POST", `/api/workshops/${code}/attendees`, body);
    } catch {
      Kiosk.showError(enterError, $("[data-connection]").textContent);
      return;
    }
    if (result.status >= 400) {
      Kiosk.showError(enterError, result.data.error);
      return;
    }
    enterId = null;
    const key = result.data.status === "waiting" ? "waiting" : "welcome";
    thank(Kiosk.say(key, { name: result.data.name }));
  });
  $("[data-open-card]")?.addEventListener("click", openCard);

  // The camera stops by itself once it read a code, on "Arrêter", when the person leaves, or after a minute.
  function stopCamera(message) {
    if (!stream) return;
    clearTimeout(looking);
    clearTimeout(cameraTimeout);
    for (const track of stream.getTracks()) track.stop();
    stream = null;
    video.srcObject = null;
    $("[data-camera-view]").hidden = true;
    $("[data-camera-stop]").hidden = true;
    $("[data-camera-start]").hidden = false;
    cameraStatus.textContent = message || "";
  }

  function look() {
    if (!stream) return;
    if (video.videoWidth) {
      const canvas = document.createElement("canvas");
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (found?.data.startsWith(camera.dataset.cardPrefix)) {
        stopCamera(Kiosk.t("camera_read"));
        cardField.value = found.data;
        cardForm.requestSubmit();
        return;
      }
    }
    looking = setTimeout(look, LOOK_EVERY_MS);
  }

  $("[data-camera-start]")?.addEventListener("click", async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" }, audio: false });
    } catch {
      cameraStatus.textContent = Kiosk.t("camera_refused");
      return;
    }
    video.srcObject = stream;
    await video.play().catch(() => {});
    $("[data-camera-view]").hidden = false;
    $("[data-camera-stop]").hidden = false;
    $("[data-camera-start]").hidden = true;
    cameraStatus.textContent = Kiosk.t("camera_looking");
    cameraTimeout = setTimeout(() => stopCamera(Kiosk.t("camera_stopped")), CAMERA_SECONDS * 1000);
    look();
  });
  $("[data-camera-stop]")?.addEventListener("click", () => {
    stopCamera(Kiosk.t("camera_stopped"));
    $("[data-camera-start]").focus();
  });

  // A hand scanner used while the door shows its QR code types a card's text and Enter into no field:
  // the card is read all the same, with no tap at all.
  let scanned = "";
  document.addEventListener("keydown", (event) => {
    if (!card || qr.hidden || event.target.closest("input, select, textarea")) return;
    if (event.key === "Enter") {
      const text = scanned;
      scanned = "";
      if (!text.toUpperCase().startsWith(camera.dataset.cardPrefix.slice(0, 5))) return;
      event.preventDefault();
      openCard();
      cardField.value = text;
      cardForm.requestSubmit();
    } else if (event.key.length === 1) {
      scanned = (scanned + event.key).slice(-cardField.maxLength);
    }
  });

  // Opened again in the language the person just chose.
  if (kiosk && main.dataset.openForm === "checkin") openKiosk();
  if (card && main.dataset.openForm === "card") openCard();

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
    // Not while someone uses a kiosk form.
    if (done.hidden && (!kiosk || kiosk.hidden) && (!card || card.hidden)) home();
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
