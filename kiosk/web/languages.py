"""Languages: each phone opens in its browser's language when Kiosk speaks it, else French; a participant
picks another in one tap and it is remembered; the projector board and the door screen speak the
workshop's language, except the door's forms while one person uses them in theirs."""

from flask import Blueprint, g, has_request_context, redirect, request
from flask_babel import get_locale, refresh

from kiosk.web.security import local_path

bp = Blueprint("languages", __name__)

# Each name is written in its own language, so that anyone finds theirs without reading French.
LANGUAGES = {"fr": "Français", "en": "English", "es": "Español", "ar": "العربية", "uk": "Українська"}
RIGHT_TO_LEFT = {"ar"}
DEFAULT = "fr"
COOKIE = "kiosk_lang"
ONE_YEAR = 365 * 24 * 3600


def select_locale():
    """The language of this response: the shared screen's, else this phone's choice, else its browser's
    language when Kiosk speaks it, else French."""
    screen = g.get("screen_language")
    if screen:
        return screen
    # Outside a request (the terminal's messages) nobody chose: French.
    if not has_request_context():
        return DEFAULT
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT)


def speak_like(workshop, person=None):
    """Make this response (a shared screen) speak the workshop's language, whatever the browser chose,
    or `person`'s, one of Kiosk's, when the person at the door picked it for themselves."""
    workshop_language = workshop.language if workshop.language in LANGUAGES else DEFAULT
    g.screen_language = person if person in LANGUAGES else workshop_language
    refresh()


def current():
    """The code of the language in use ("fr", "ar", …)."""
    return str(get_locale() or DEFAULT).split("_")[0]


def direction():
    """ "rtl" for a right-to-left language, else "ltr"."""
    return "rtl" if current() in RIGHT_TO_LEFT else "ltr"


@bp.after_app_request
def vary(response):
    """Say that a page depends on the browser's language, so that no cache in between hands a page
    drawn for one phone's language to another phone."""
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def plural_samples():
    """(category, number) for each plural category of the language in use: a page hands its script each
    form of a message under the name that the browser's Intl.PluralRules gives it."""
    samples = {}
    # CLDR's categories all show up below 200 for integers, except "many" for millions in some languages.
    for n in range(200):
        samples.setdefault(get_locale().plural_form(n), n)
    return list(samples.items())


@bp.get("/lang/<code>")
def choose(code):
    """Remember this phone's language and go back to where the person was."""
    response = redirect(local_path(request.args.get("next")))
    if code in LANGUAGES:
        response.set_cookie(COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response
