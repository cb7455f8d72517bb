// "Écouter": the screen's main text read aloud by this device's own voices; no text leaves the device.
"use strict";
/* exported Speech */

const Speech = (() => {
  const synth = window.speechSynthesis;
  const language = () => document.documentElement.lang;

  // A voice of the device for the page's language; a network voice would send the text away.
  function voice() {
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return null;
    const local = synth.getVoices().filter((v) => v.localService);
    return local.find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === language()) || null;
  }

  // Read `text` aloud; returns the utterance, or null when the device has no voice for it.
  function say(text) {
    const chosen = voice();
    if (!chosen || !text) return null;
    synth.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = chosen;
    utterance.lang = chosen.lang;
    utterance.rate = 0.9; // a little slower: many listeners are beginners
    synth.speak(utterance);
    return utterance;
  }

  // What a person reads first, in the page's order: titles, welcome lines, the form's questions and choices,
  // and the question the group is on.
  const MAIN = "h1, h2, .lead, .door-welcome, .door-done, legend, label, .status-current .question-text";
  function mainText() {
    return [...document.querySelectorAll(`main :is(${MAIN})`)]
      .filter((element) => element.getClientRects().length > 0 && !element.closest("[hidden]"))
      .map((element) => element.textContent.replace(/\s+/g, " ").trim())
      .filter(Boolean)
      // A pause between lines, as a full stop makes one.
      .map((line) => (/[.!?:…]$/.test(line) ? line : `${line}.`))
      .join(" ");
  }

  // The "Écouter" button: shown once the device has a voice; pressed again, it stops reading.
  function listen(button) {
    const label = button.textContent;
    const show = () => {
      button.hidden = voice() === null;
    };
    const rest = () => {
      button.textContent = label;
    };
    show();
    synth?.addEventListener?.("voiceschanged", show); // voices often arrive after the page
    button.addEventListener("click", () => {
      if (button.textContent !== label) {
        synth.cancel();
        rest();
        return;
      }
      const utterance = say(mainText());
      if (!utterance) return;
      button.textContent = button.dataset.stop;
      utterance.addEventListener("end", rest);
      utterance.addEventListener("error", rest);
    });
  }

  document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("[data-listen]").forEach(listen));
  return { say };
})();
