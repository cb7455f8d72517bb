"""Rate limits per browser and per source address, for HTTP and the live channel alike.

A flood from one phone is cut short here, so the board stays usable for everyone else. The room PC
and signed-in moderators are never limited: the door kiosk checks in one person after the other.
Counts live in memory, or in the Redis that several workers share (`RATELIMIT_STORAGE_URI`, by default
`REDIS_URL`), never on disk. Their keys hold no address nor device id, only a keyed hash of it.
"""

import functools

from flask import current_app, request, session
from flask_babel import gettext as _
from flask_limiter import Limiter
from limits import parse, parse_many
from werkzeug.exceptions import TooManyRequests

from kiosk.rules import keyed, workshops
from kiosk.web import access, errors, signins

# Per browser (its session's device id) and per address; several limits separated by ";".
CHECK_IN = "10/minute"
QUESTIONS = "5/minute;40/hour"
VOTES = "30/minute"
FEEDBACK = "10/minute"
HELP = "3/minute;10/hour"
PULSE = "6/minute;30/hour"
PER_ADDRESS = "60/minute"
# The commune picker asks as the person types: a few words a second at most.
LOOKUPS = "120/minute"
LOGIN = "10/minute"
SOCKET_CONNECT = "30/minute"
SOCKET_SYNC = "30/minute"
# New people checked in from one address: a phone cannot fill the places or the waiting list.
NEW_ATTENDEES = "4/10 minutes;8/hour"
# Unknown workshop codes tried per address, by every path that takes one: all 9,000 then take over 7 hours.
UNKNOWN_CODES = "20/minute"


def hidden(value):
    """A value as the counts hold it: a hash keyed with the app's secret, so that no store (Redis
    included) holds an address, and one cannot be found back by trying every address."""
    return keyed.keyed_hash(current_app.config["SECRET_KEY"], value)[:32]


def address():
    """The request's source address, hashed."""
    return hidden(request.remote_addr or "unknown")


def browser():
    """The browser's own random id once it has one, else its address; hashed."""
    device = session.get("device")
    return hidden("device " + device) if isinstance(device, str) else address()


def trusted():
    """The room PC and signed-in moderators or organisers are not limited."""
    return access.from_room_pc() or bool(signins.current())


limiter = Limiter(key_func=address, default_limits=[], headers_enabled=False)


def writes(per_browser, scope=None):
    """Decorator: `per_browser` for each browser (counted together for views sharing a `scope`), and
    one ceiling for each address across every write."""
    # Counted straight in the limiter's storage: Flask-Limiter's own decorators cost more per write
    # (finding the view's limits again, asking `trusted` for each) than the counting itself.
    own, ceiling = parse_many(per_browser), parse_many(PER_ADDRESS)

    def decorate(view):
        name = scope or f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def limited(*args, **kwargs):
            if limiter.enabled and not trusted():
                _count(own, name, browser())
                _count(ceiling, "address", address())
            return view(*args, **kwargs)

        return limited

    return decorate


def _count(limits, scope, key):
    """Count one write against each of `limits`; a 429 when any is exceeded."""
    prefix = current_app.config["RATELIMIT_KEY_PREFIX"]
    # Every limit counts this write, as Flask-Limiter's did, even once one refuses it.
    if not all([limiter.limiter.hit(limit, prefix, "write", scope, key) for limit in limits]):
        raise TooManyRequests()


def _within(limit, *scope, hit=True):
    """Whether this address is within `limit` for `scope`, counting this time when `hit`."""
    if not limiter.enabled or trusted():
        return True
    window = limiter.limiter.hit if hit else limiter.limiter.test
    return window(parse(limit), current_app.config["RATELIMIT_KEY_PREFIX"], *scope, address())


def allow_socket(event):
    """Count one live-channel event from this address; False when it is over its limit."""
    return _within(SOCKET_CONNECT if event == "connect" else SOCKET_SYNC, "socket", event)


def check_new_attendee():
    """Refuse a check-in that would add one person too many from this address (a replay does not count)."""
    if not all(_within(limit, "new-attendee", hit=False) for limit in NEW_ATTENDEES.split(";")):
        raise errors.ApiError(
            _("Trop d’inscriptions depuis cet appareil. Demandez à l’animateur ou l’animatrice."), 429
        )


def count_new_attendee():
    """Count a person just added from this address."""
    for limit in NEW_ATTENDEES.split(";"):
        _within(limit, "new-attendee")


def may_try_codes():
    """Whether this address may still look workshop codes up: it has not tried too many unknown ones."""
    return _within(UNKNOWN_CODES, "unknown-code", hit=False)


def unknown_code():
    """Count one workshop code, unknown to Kiosk, tried from this address."""
    _within(UNKNOWN_CODES, "unknown-code")


def _named_code():
    """The workshop code a request names, if any (language codes are letters, workshop codes digits)."""
    code = (request.view_args or {}).get("code")
    return code if isinstance(code, str) and code.isdigit() else None


def refuse_code_guessing():
    """Before each request: an address that tried too many unknown codes is refused every code a while,
    known ones too, or the answers would still tell which codes exist."""
    if _named_code() and not may_try_codes():
        return errors.answer(_("Trop de codes inconnus essayés. Attendez une minute, puis réessayez."), 429)


def count_unknown_code(response):
    """After each request: a code that no workshop has counts against the address that tried it."""
    code = _named_code()
    if response.status_code == 404 and code and workshops.by_code(code) is None:
        unknown_code()
    return response
