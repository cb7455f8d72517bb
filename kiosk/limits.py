"""Rate limits per browser and per source address, for HTTP and the live channel alike.

A flood from one phone is cut short here, so the board stays usable for everyone else. The room PC
and signed-in moderators are never limited: the door kiosk checks in one person after the other.
Counts live in memory (`RATELIMIT_STORAGE_URI`), never on disk.
"""

from flask import request, session
from flask_babel import gettext as _
from flask_limiter import Limiter
from limits import parse

from . import access, logins
from .errors import ApiError

# Per browser (its session's device id) and per address; several limits separated by ";".
CHECK_IN = "10/minute"
QUESTIONS = "5/minute;40/hour"
VOTES = "30/minute"
FEEDBACK = "10/minute"
HELP = "3/minute;10/hour"
PER_ADDRESS = "60/minute"
LOGIN = "10/minute"
SOCKET_CONNECT = "30/minute"
SOCKET_SYNC = "30/minute"
# New people checked in from one address: a phone cannot fill the places or the waiting list.
NEW_ATTENDEES = "4/10 minutes;8/hour"


def address():
    """The request's source address."""
    return request.remote_addr or "unknown"


def browser():
    """The browser's own random id once it has one, else its address."""
    return session.get("device") or address()


def trusted():
    """The room PC and signed-in moderators or organisers are not limited."""
    return access.from_room_pc() or bool(logins.current())


limiter = Limiter(key_func=address, default_limits=[], headers_enabled=False)


def writes(per_browser, scope=None):
    """Decorator: `per_browser` for each browser (counted together for views sharing a `scope`), and
    one ceiling for each address across every write."""

    def decorate(view):
        if scope:
            view = limiter.shared_limit(per_browser, scope, key_func=browser, exempt_when=trusted)(view)
        else:
            view = limiter.limit(per_browser, key_func=browser, exempt_when=trusted)(view)
        return limiter.shared_limit(PER_ADDRESS, "address", key_func=address, exempt_when=trusted)(view)

    return decorate


def _new_attendee_limits():
    return [parse(limit) for limit in NEW_ATTENDEES.split(";")]


def check_new_attendee():
    """Refuse a check-in that would add one person too many from this address (room PC and moderators
    exempt); a replay or a returning phone is not new and is counted by `count_new_attendee` only if created."""
    if not limiter.enabled or trusted():
        return
    if not all(limiter.limiter.test(limit, "new-attendee", address()) for limit in _new_attendee_limits()):
        raise ApiError(
            _("Trop d’inscriptions depuis cet appareil. Demandez à l’animateur ou l’animatrice."), 429
        )


def count_new_attendee():
    """Count a person just added from this address."""
    if not limiter.enabled or trusted():
        return
    for limit in _new_attendee_limits():
        limiter.limiter.hit(limit, "new-attendee", address())


def allow_socket(event):
    """Count one live-channel event from this address; False when it is over its limit."""
    if not limiter.enabled or trusted():
        return True
    limit = parse(SOCKET_CONNECT if event == "connect" else SOCKET_SYNC)
    return limiter.limiter.hit(limit, "socket", event, address())
