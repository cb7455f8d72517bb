"""Languages: each phone opens in its browser's language when Kiosk speaks it, else French; a participant
picks another in one tap and it is remembered; the projector board and the door screen speak the
workshop's language, except the door's forms while one person uses them in theirs."""

from babel import Locale
from babel.numbers import format_decimal
from flask import Blueprint, g, has_request_context, redirect, request
from flask_babel import get_locale, ngettext, refresh
from markupsafe import Markup, escape

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


def plural_forms(singular, plural):
    """A counted sentence's forms for the page's script, keyed by the plural category that
    `Intl.PluralRules` names ("one", "few", "many"…), each taken from this language's catalog."""
    category = Locale.parse(current()).plural_form
    forms = {}
    # 1 before 0: in French 0 is "one" by CLDR but takes the catalog's plural, as 100 does.
    for n in [*range(1, 201), 0]:
        forms.setdefault(category(n), ngettext(singular, plural, n))
    forms.setdefault("other", ngettext(singular, plural, 100))
    return forms


def counted(forms, n, **values):
    """The form of `plural_forms` for `n`, as the page's script would choose it, names set apart."""
    text = escape(forms.get(Locale.parse(current()).plural_form(n), forms["other"]))
    for name, value in {"n": format_decimal(n, locale=current()), **values}.items():
        text = text.replace("{" + name + "}", isolated(value))
    return Markup(text)


def isolated(value):
    """A name or a count set apart in a sentence, so that a right-to-left line keeps its order."""
    return Markup("<bdi>%s</bdi>") % escape(value)


@bp.get("/lang/<code>")
def choose(code):
    """Remember this phone's language and go back to where the person was."""
    response = redirect(local_path(request.args.get("next")))
    if code in LANGUAGES:
        response.set_cookie(COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response
