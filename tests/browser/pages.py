"""The pages people use, with the words they read and the actions they take: one home for each label.

A page object wraps a Playwright page; anything it does not define is the page's own (`goto`,
`get_by_text`, `locator`…), so a test reads `phone.check_in("Marie")` and still `phone.reload()`.
"""

import re

from playwright.sync_api import TimeoutError, expect

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 720}
ROOM_PC = {"width": 1280, "height": 900}
TABLET = {"width": 1024, "height": 768}

WAITING = "Pas de réseau. Votre message partira tout seul."


class Screen:
    """One of a workshop's pages, in one browser profile."""

    PATH = "/w/{code}"
    LANGUAGE = "Langue"
    LISTEN = "Écouter"
    STOP_LISTENING = "Arrêter la lecture"

    def __init__(self, page, url, code):
        self.page, self.url, self.code = page, url, code

    def __getattr__(self, name):
        return getattr(self.page, name)

    def open(self):
        """Open this page of the workshop; returns the page object."""
        self.page.goto(self.url + self.PATH.format(code=self.code))
        return self

    def live(self):
        """Wait until the page's live channel is connected."""
        expect(self.page.locator("html[data-live=on]")).to_have_count(1)
        return self

    def language_choice(self):
        """The visible choice of languages, each named in itself."""
        return self.get_by_role("navigation", name=self.LANGUAGE)

    def expect_language(self, code):
        """The page is drawn in the language `code`."""
        expect(self.page.locator(f"html[lang={code}]")).to_have_count(1)

    def listen_button(self):
        """ "Écouter" where the page shows it (the door has one per form)."""
        return self.locator("[data-listen]").filter(visible=True)


class CommunePicker:
    """The commune picker (a combobox), wherever a commune is asked."""

    COMMUNE = "Votre commune. Vous pouvez laisser vide."

    def commune_field(self, label=None):
        return self.get_by_role("combobox", name=label or self.COMMUNE)

    def commune_list(self, label=None):
        return self.get_by_role("listbox", name=label or self.COMMUNE)

    def commune_options(self, label=None):
        return self.commune_list(label).get_by_role("option")


class CheckInForm(CommunePicker):
    """The check-in form a phone and the door kiosk share."""

    NAME = "Votre prénom ou un surnom"
    ENTER = "J’entre"
    NAMED_CONSENT = "J’accepte que mon nom soit écrit dans le bilan de l’atelier."
    FAMILY_NAME = "Votre nom de famille"
    BIRTH_YEAR = "Votre année de naissance. Vous pouvez laisser vide."

    def name_field(self):
        return self.get_by_label(self.NAME)

    def enter(self, name):
        """Type a name and press the button, as a person does."""
        self.name_field().fill(name)
        self.get_by_role("button", name=self.ENTER).click()


class ParticipantPage(CheckInForm, Screen):
    """A phone (or any browser) on the participant page, reached by the short address."""

    PATH = "/{code}"
    WELCOME = "Bienvenue !"
    QUESTION = "Votre question"
    SEND = "J’envoie"
    SENT = "Question envoyée. Merci !"
    OFFLINE = "Pas de réseau. Ce que vous envoyez partira tout seul."
    ME_TOO = "Moi aussi"
    FREEZE = "Arrêter la liste"
    SHOW_NEW = "Voir les nouvelles questions"
    HELP = "J’ai besoin d’aide pour moi"
    LARGER_TEXT = "Texte plus grand"
    FEEDBACK = "Votre avis"
    SEND_FEEDBACK = "J’envoie mon avis"
    FEEDBACK_SENT = "Merci ! Votre avis est bien reçu."
    NEXT_TOPIC = "La prochaine fois, vous voulez parler de quoi ? Vous pouvez laisser vide."
    FEEDBACK_OPEN = "C’est le moment de donner votre avis. Le formulaire est en haut de la page."
    CLOSED = "L’atelier est terminé. Merci et à bientôt !"

    @staticmethod
    def new_question(text):
        """What a screen reader hears of one new question (the space before the colon may be a fine one)."""
        return re.compile(rf"Nouvelle question\s:\s{re.escape(text)}")

    @staticmethod
    def new_questions(n):
        return re.compile(rf"{n} nouvelles questions")

    @staticmethod
    def welcome(name):
        return f"Bienvenue, {name} !"

    def check_in(self, name):
        """Open the page, check in under `name`, and wait for the live channel."""
        self.open()
        self.enter(name)
        expect(self.get_by_role("heading", name=self.welcome(name))).to_be_visible()
        return self.live()

    def question_field(self):
        return self.get_by_role("textbox", name=self.QUESTION)

    def send_button(self):
        return self.get_by_role("button", name=self.SEND)

    def ask(self, text):
        """Type a question and send it."""
        self.question_field().fill(text)
        self.send_button().click()

    def post(self, text):
        """Send a question and wait until the page says what became of it."""
        self.ask(text)
        expect(self.locator("[data-status]")).not_to_be_empty()

    def question(self, text):
        """A question of the list, as its row."""
        return self.locator("li.question", has_text=text)

    def question_text(self, text):
        return self.locator(".question-text", has_text=text)

    def me_too(self, text):
        return self.question(text).get_by_role("button", name=self.ME_TOO)

    def feedback_heading(self):
        return self.get_by_role("heading", name=self.FEEDBACK)

    def announcement(self):
        """The polite status line that screen readers hear and nobody sees."""
        return self.locator("[data-announce]")

    def thanks(self):
        return self.get_by_text(self.FEEDBACK_SENT)

    def give_feedback(self, face):
        """Choose a face and send the feedback form."""
        self.get_by_text(face, exact=True).click()
        self.get_by_role("button", name=self.SEND_FEEDBACK).click()


class DoorPage(CheckInForm, Screen):
    """The door screen: QR code, places left, and the kiosk for people without a phone."""

    PATH = "/w/{code}/door"
    NO_PHONE = "Pas de smartphone ? Inscrivez-vous ici"
    ASK_THE_MODERATOR = "Pas de téléphone ? L’animateur ou l’animatrice vous inscrit."
    ASK_FOR_FEEDBACK = "Pas de téléphone ? Demandez à l’animateur."
    FEEDBACK = "Votre avis sur l’atelier"
    LEARNED = "Avez-vous appris quelque chose ?"
    COMMENT = "Un commentaire ? Vous pouvez laisser vide."
    SEND_FEEDBACK = "J’envoie mon avis"
    FEEDBACK_SENT = "Merci pour votre avis !"

    def no_phone_button(self):
        return self.get_by_role("button", name=self.NO_PHONE)

    HAVE_CARD = "J’ai une carte Kiosk"
    CARD_CODE = "Le code de votre carte"
    NEW_CARD = "Cette carte est nouvelle."
    CAMERA = "Montrer ma carte à la caméra"

    @staticmethod
    def card_hello(name):
        return f"Bonjour, {name}\u202f! Appuyez sur «\u00a0J’entre\u00a0»."

    def card_button(self):
        return self.get_by_role("button", name=self.HAVE_CARD)

    def card_field(self):
        return self.get_by_label(self.CARD_CODE)

    def card_section(self):
        return self.locator("[data-door-card]")

    def places(self):
        return self.locator("[data-places]")

    def expect_places(self, taken, capacity=12):
        """The counter says `taken / capacity`."""
        expect(self.places()).to_have_text(re.compile(rf"{taken}\s*/\s*{capacity}"))

    def feedback_form(self):
        return self.locator("[data-door-feedback]")


class BoardPage(Screen):
    """The board on the projector."""

    PATH = "/w/{code}/board"
    EMPTY = "Pas encore de question"
    OFFLINE = "Le réseau ne marche plus."
    TAKE_HOME = "Emportez les questions du jour"
    GIVE_FEEDBACK = "Donnez votre avis sur votre téléphone ou à l’accueil"
    LATER = "À voir plus tard"

    def feedback_count(self):
        return self.locator("[data-board-count]")

    def feedback_score(self):
        return self.locator("[data-board-score]")

    def page_number(self):
        return self.locator("[data-page]")

    def wait_until_each_was_on_screen(self, texts, timeout):
        """Wait until every one of the open questions `texts` has been seen whole inside the projector's
        frame (as the room sees it, not merely somewhere on a page that would need scrolling)."""
        try:
            self._wait_until_seen(texts, timeout)
        except TimeoutError:
            missing = self.evaluate("(texts) => texts.filter((t) => !window.seenOnBoard.has(t))", list(texts))
            raise AssertionError(f"never whole on the projector: {missing}") from None

    def _wait_until_seen(self, texts, timeout):
        self.wait_for_function(
            """(texts) => {
                 window.seenOnBoard = window.seenOnBoard || new Set();
                 for (const text of document.querySelectorAll("[data-open] .question-text")) {
                   const box = text.getBoundingClientRect();
                   const whole = box.height > 0 && box.top >= 0 && box.left >= 0
                     && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
                   if (whole && text.checkVisibility({ opacityProperty: false })) window.seenOnBoard.add(text.textContent);
                 }
                 return texts.every((t) => window.seenOnBoard.has(t));
               }""",
            arg=list(texts),
            polling=100,
            timeout=timeout,
        )

    def current(self):
        return self.locator("[data-current]")

    def open_questions(self):
        return self.locator("[data-open]")

    def done(self):
        return self.locator("[data-done]")

    def wait_for_scale(self, scale):
        """Wait until the board is drawn at `scale` (1.3 for 130 %)."""
        self.wait_for_function(f"() => document.body.style.getPropertyValue('--board-scale') === '{scale}'")


class ConsolePage(CommunePicker, Screen):
    """The moderator console."""

    REGISTER_COMMUNE = "Commune. Vous pouvez laisser vide."
    COMPLETE = "Compléter"
    FAMILY_NAME = "Nom de famille"
    SAVE = "Enregistrer"
    READY = "Prêt pour le fichier."
    BEFORE_EXPORT = "Avant le fichier Bénéficiaires"

    @staticmethod
    def complete_for(name):
        return f"Compléter les informations de {name} pour le bilan"

    PATH = "/w/{code}/moderate"
    FEEDBACK = "Avis"
    QUESTIONS = "Questions"
    ON_BOARD = "Au tableau"
    RESOLVED = "Vue ensemble"
    HIDE = "Cacher"
    EDIT = "Corriger"
    APPROVE = "Valider"
    PREMODERATION = "Valider les questions avant qu’elles s’affichent"
    HELP_DONE = "C’est fait"
    LARGER = "Plus grand"
    SMALLER = "Plus petit"
    ADD_PERSON = "Ajouter une personne arrivée sans téléphone"
    ADD = "Ajouter"
    ONE_MORE = "Une personne de plus"
    RENAME = "Renommer"
    PHONE_CODE = "Montrer un code pour mon téléphone"
    PHONE_CODE_IMAGE = "Code QR pour animer depuis un téléphone"
    LOG_OUT_OTHERS = "Déconnecter les autres appareils d’animation"
    READ_ALOUD = "Faire lire la question en cours au tableau"
    NO_CURRENT = "Aucune question n’est au tableau en ce moment."
    RESERVED = "Réservé à l’animation"
    # The folded parts of the console: what a first-time volunteer rarely needs during the session.
    BOARD_SETTINGS = "Réglages des questions et du tableau"
    CHECKIN_SETTINGS = "Réglages de l’accueil"
    REGISTRATIONS = "Inscriptions à l’avance"
    EXPORTS = "Bilan et exports"
    DEVICES = "Animer depuis un téléphone"

    @staticmethod
    def new_name(name):
        return f"Nouveau prénom de {name}"

    @staticmethod
    def named_consent(name):
        return f"{name} accepte que son nom soit donné"

    def button(self, name):
        return self.get_by_role("button", name=name)

    def step(self, name):
        """One of the workshop's step buttons (Accueil, Questions, Avis, Terminé)."""
        # A pressed step shows a tick, which today is part of its name.
        return self.get_by_role("button", name=re.compile(rf"^(✓\s*)?{name}$"))

    def unfold(self, part):
        """Open a folded part of the console by its title, as a person presses it; returns the page object."""
        fold = self.locator("details", has=self.locator("summary", has_text=part))
        if fold.get_attribute("open") is None:
            fold.locator("summary").click()
        expect(fold).to_have_attribute("open", "")
        return self

    def first_question(self):
        return self.locator("[data-questions] li.question").first

    def open_feedback(self):
        """Move the workshop to its feedback step."""
        self.button(self.FEEDBACK).click()

    def question(self, text):
        """A question of the list, as its row (the other rows name it too, in their choice of duplicates)."""
        return self.locator("li.question").filter(has=self.question_text(text))

    def question_text(self, text):
        return self.locator(".question-text", has_text=text)

    def action(self, text, name):
        """One of a question's buttons, by the question's text and the button's name."""
        return self.question(text).get_by_role("button", name=name, exact=True)

    def duplicate_choice(self, text):
        return self.get_by_label(f"La question « {text} » est un doublon de :")

    def board_scale(self):
        return self.locator("[data-board-scale]")

    def feedback_count(self):
        return self.locator("[data-fb-count]")

    def feedback_score(self):
        return self.locator("[data-fb-score]")
