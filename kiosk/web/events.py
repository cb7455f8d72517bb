"""The live channel: Socket.IO handlers, and the publisher that sends committed changes to the rooms.

Each workshop has three rooms: `w<id>` for its shared screens (door, board), `m<id>` for its moderators
and `p<id>` for the phones, and each checked-in phone also has a room of its own (`a<attendee id>`).
Screens and moderators hear every change number; phones hear only changes meant for them, each saying
the number of the previous one phones heard (`prev`), so that any screen still notices a gap. A screen
that comes back with `since` gets what it missed from the ring of recent changes, or a snapshot when the
gap is older than that. A moderator socket opened with a login is closed within two seconds of that
login ending, wherever it ended: logout here, `kiosk passphrase` in another process, or expiry. The
organiser's forum-day page joins `day`, which hears only that some workshop changed (no content).
Such sockets are listed where every
worker finds them (shared.py), and a worker closes one held by another through the message queue.
"""

import logging
import threading
import time

from flask import current_app, request, session
from flask_socketio import ConnectionRefusedError, emit, join_room

from kiosk.data import database
from kiosk.data.models import Attendee, Workshop
from kiosk.extensions import db, socketio
from kiosk.rules import attendance, board, changes, logins, workshops
from kiosk.web import access, catchup, limits, shared, signins
from kiosk.web.catchup import Ring, Snapshots

log = logging.getLogger(__name__)

# Logins are checked again at most this often (seconds) before a moderator-only emit, and by the sweep.
CHECK_EVERY = 1.0
_last_check = [0.0]
# Attendance counts reach the screens and moderators at most this often (seconds), per workshop.
COUNTS_EVERY = 1.0
AUDIENCES = {"moderator": "m", "screen": "w", "public": "p"}
# Every moderator socket of every workshop: they hear about the disk.
STAFF = "staff"


def room(workshop_id, audience):
    """The room of a workshop's moderators, shared screens or phones (`audience`: a role, or True for
    moderators and False for the shared screens)."""
    if isinstance(audience, bool):
        audience = "moderator" if audience else "screen"
    return f"{AUDIENCES[audience]}{workshop_id}"


def personal_room(attendee_id):
    """The room of one checked-in person's phones."""
    return f"a{attendee_id}"


DAY_ROOM = "day"


def same_origin(origin, environ):
    """Socket.IO's origin check: a browser may connect only from a page of this very address."""
    if origin is None:
        return True  # not a browser: there is no other site's page to fear
    return origin == f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"


@changes.on_commit
def publish(change):
    """Send a committed change to the workshop's screens, moderators and (what concerns them) phones."""
    if time.monotonic() - _last_check[0] >= CHECK_EVERY:
        drop_revoked()  # names and feedback must not reach a login that has just ended
    seq, workshop_id = change.seq, change.workshop_id
    for audience, events in (("screen", change.screens), ("moderator", change.moderators)):
        socketio.emit(
            "change", {"seq": seq, "prev": seq - 1, "events": events}, to=room(workshop_id, audience)
        )
    if change.phones:
        message = {"seq": seq, "prev": change.phones_prev, "events": change.phones}
        socketio.emit("change", message, to=room(workshop_id, "public"))
    for attendee_id, events in change.personal.items():
        socketio.emit("personal", {"events": events}, to=personal_room(attendee_id))
    if change.recounted:
        current_app.extensions["kiosk.counts"].soon(current_app._get_current_object(), workshop_id)
    socketio.emit("day", to=DAY_ROOM)


class Counts:
    """Sends a workshop's attendance counts to its screens and moderators, at most once every COUNTS_EVERY
    seconds: 500 people checking in over a minute make 60 messages, not 500 (and none to the phones)."""

    def __init__(self):
        self.last = {}
        self.due = set()
        self.sending = 0  # sends started and not finished
        self.lock = threading.Lock()

    def soon(self, app, workshop_id):
        """Send the counts as soon as allowed (a send already due will read the new ones)."""
        with self.lock:
            if workshop_id in self.due:
                return
            self.due.add(workshop_id)
            self.sending += 1
        # This app's own server: a send still waiting when another app is made (tests) goes nowhere.
        socketio.start_background_task(self._send_when_allowed, app, socketio.server, workshop_id)

    def _wait(self, workshop_id):
        return self.last.get(workshop_id, -COUNTS_EVERY) + COUNTS_EVERY - time.monotonic()

    def _send_when_allowed(self, app, server, workshop_id):
        while (wait := self._wait(workshop_id)) > 0:
            socketio.sleep(min(wait, 0.25))
        with self.lock:
            # Before reading: a change committed while they are read makes another send.
            self.due.discard(workshop_id)
            self.last[workshop_id] = time.monotonic()
        with app.app_context():
            try:
                workshop = db.session.get(Workshop, workshop_id)
                if workshop is not None:
                    for audience in ("screen", "moderator"):
                        message = counts_message(workshop, audience)
                        server.emit("counts", message, to=room(workshop_id, audience), namespace="/")
            except Exception:  # the next change sends them again
                log.exception("attendance counts not sent")
            finally:
                db.session.remove()
                with self.lock:
                    self.sending -= 1

    def settle(self, seconds=10):
        """Wait until every send started is done, before the app's database connections are closed for
        good (a send finishing afterwards would open one again, and leave it open)."""
        deadline = time.monotonic() + seconds
        while self.sending and time.monotonic() < deadline:
            socketio.sleep(0.02)


def tell_staff_about_the_disk(trouble):
    """Moderators' consoles show, or take down, the disk's banner."""
    socketio.emit("disk", {"trouble": trouble}, to=STAFF)


database.disk.listeners.append(tell_staff_about_the_disk)


def init_app(app):
    """Give this app its ring of recent changes, fed by what its server delivers, its last snapshots and
    its counts sender."""
    app.extensions["kiosk.ring"] = Ring()
    app.extensions["kiosk.snapshots"] = Snapshots()
    app.extensions["kiosk.counts"] = Counts()
    catchup.listen(socketio.server.manager, app.extensions["kiosk.ring"])


def counts_message(workshop, audience):
    """The attendance counts an audience shows, numbered by the change they are as of."""
    seq = workshop.seq
    if audience == "moderator":
        events = [
            {"kind": "attendance", "data": attendance.summary(workshop)},
            {"kind": "registrations", "data": attendance.registrations(workshop)},
        ]
    else:
        events = [{"kind": "attendance", "data": attendance.counts(workshop)}]
    return {"seq": seq, "events": events}


def send_snapshot(found, audience):
    """Send a screen the whole state it shows (with the person's own, on a checked-in phone), as of now.
    `found`: as in catch_up. Nothing for a workshop deleted since the channel opened."""
    # Read anew, after the room was joined: a change committed meanwhile is in it, or comes live.
    workshop = db.session.get(Workshop, found.id, populate_existing=True)
    if workshop is None:
        return
    if audience == "moderator":
        emit("snapshot", workshops.snapshot(workshop, moderator=True))
        return
    # Every change moves the workshop's number on: the same number is the same board, shared by the phones
    # and screens asking at it. So is a later number the shared screens heard nothing new at (people
    # checking in), with the counts read again.
    ring = current_app.extensions["kiosk.ring"]

    def carry(state, kept_seq):
        """The board kept at `kept_seq`, as of now; None if the screens heard of anything since."""
        if not ring.told_nothing(room(workshop.id, "screen"), kept_seq, workshop.seq):
            return None
        return state | {"seq": workshop.seq, "attendance": attendance.counts(workshop)}

    board_state = current_app.extensions["kiosk.snapshots"].at(
        workshop.id, workshop.seq, lambda: workshops.snapshot(workshop), carry
    )
    attendee = db.session.get(Attendee, found.attendee_id) if found.attendee_id is not None else None
    emit(
        "snapshot", board_state if attendee is None else board_state | {"me": access.attendee_state(attendee)}
    )


def catch_up(found, audience, since):
    """Send a screen what it missed after `since`: the changes from the ring, or a snapshot. `found`: the
    workshop's id and change numbers, and the phone's attendee (`_live`), read before it joined its room."""
    latest = found.phones_seq if audience == "public" else found.seq
    known = isinstance(since, int) and not isinstance(since, bool) and 0 <= since <= found.seq
    missed = (
        current_app.extensions["kiosk.ring"].since(room(found.id, audience), since, latest) if known else None
    )
    if missed is None:
        send_snapshot(found, audience)
        return
    message = {"changes": missed}
    if audience == "public":
        if not missed:
            return  # a phone that missed nothing meant for it
    else:
        # Counts are not numbered changes: screens and moderators get the current ones with what they
        # missed, read after the ring so that they are as new as the changes replayed (the capacity, say).
        workshop = db.session.get(Workshop, found.id, populate_existing=True)
        if workshop is None:
            return
        message |= counts_message(workshop, audience)
    emit("catchup", message)


def _live(code, audience):
    """The workshop with this code as a live channel needs it (attendance.live), with this browser's
    attendee in it only for a phone: a screen or a console is nobody's."""
    return attendance.live(code, access.held_secrets() if audience == "public" else ())


@socketio.on("connect")
def connect(auth):
    """A screen opens its live channel with {code, role, since}; role is "public" (a phone), "screen"
    (the door or the board) or "moderator";
    the forum-day page opens it with {role: "day"}.

    Sent by every page. Joins the workshop's room for its role; the screen receives "catchup" with the
    changes it missed after `since`, or "snapshot" when they are too old, or nothing when it missed
    nothing. A moderator role is refused to anyone who is not one.
    """
    if not limits.allow_socket("connect"):
        raise ConnectionRefusedError("too many connections: wait a minute")
    if not limits.may_try_codes():
        raise ConnectionRefusedError("too many unknown workshop codes: wait a minute")
    auth = auth if isinstance(auth, dict) else {}
    if auth.get("role") == "day":
        # The forum-day page re-reads itself over HTTP, where the organiser's login is checked each time.
        if not signins.is_organiser():
            raise ConnectionRefusedError("not the organiser")
        join_room(DAY_ROOM)
        return
    role = auth.get("role")
    audience = role if isinstance(role, str) and role in AUDIENCES else "public"
    moderator = audience == "moderator"
    found = _live(str(auth.get("code", "")), audience)
    if found is None:
        limits.unknown_code()
        raise ConnectionRefusedError("unknown workshop")
    if moderator and not access.is_moderator(found):
        raise ConnectionRefusedError("not a moderator")
    # Both rooms at once, with nothing read in between: a message for this person alone, sent meanwhile,
    # reaches it.
    join_room(room(found.id, audience))
    if found.attendee_id is not None:
        join_room(personal_room(found.attendee_id))
    if moderator:
        join_room(STAFF)
    if moderator and not access.from_room_pc():
        held = [logins.token_hash(token) for token in signins.tokens()]
        shared.moderator_sockets().add(request.sid, found.id, held)
    # The socket's own copy of the session (never sent back as a cookie) remembers, for "sync",
    # what it was allowed at connect time.
    session["live"] = {"workshop": found.code, "moderator": moderator, "audience": audience}
    catch_up(found, audience, auth.get("since"))


@socketio.on("disconnect")
def disconnect(*_reason):
    """Forget a closed moderator socket."""
    if session.get("live", {}).get("moderator"):
        shared.moderator_sockets().remove(request.sid)


def drop_revoked():
    """Close the live channel of moderator devices whose logins no longer grant moderation: they must
    stop receiving names and feedback at once, not at their next page load. One query for all."""
    _last_check[0] = time.monotonic()
    registered = shared.moderator_sockets().items()
    if not registered:
        return
    hashes = {h for _sid, (_wid, held) in registered for h in held}
    # A connection of its own: this also runs just after a commit, when the session may not query.
    with db.engine.connect() as connection:
        still = {row.token_hash: row for row in logins.valid(connection, hashes, signins.expiry())}
    for sid, (wid, held) in registered:
        if not logins.grant_moderation([still[h] for h in held if h in still], wid):
            close(sid)


def close(sid):
    """Close a moderator socket and forget it; one held by another worker is closed by that worker,
    told through the message queue."""
    shared.moderator_sockets().remove(sid)
    socketio.server.disconnect(sid, namespace="/")


def sweep_forever(app, sleep):
    """While the server runs: close the channels of logins ended elsewhere (`kiosk passphrase`) or
    expired, about every second (`sleep` is the async mode's)."""
    while True:
        sleep(CHECK_EVERY)
        with app.app_context():
            try:
                drop_revoked()
            except Exception:  # a failed pass must not stop the next one
                log.exception("revocation sweep failed")


@socketio.on("sync")
def sync(data=None):
    """A screen that saw a gap in the change numbers asks again with {since}; it receives "catchup" or
    "snapshot" as at connect (always "snapshot" without `since`). Acknowledged with false when refused
    for coming too often from this address: the screen asks again a little later."""
    if not limits.allow_socket("sync"):
        return False
    saved = session.get("live")
    if not saved:
        return
    audience = saved.get("audience", "moderator" if saved["moderator"] else "public")
    found = _live(saved["workshop"], audience)
    if found is None:
        return
    if saved["moderator"] and not access.is_moderator(found):
        close(request.sid)
        return
    since = data.get("since") if isinstance(data, dict) else None
    if since is None:
        send_snapshot(found, audience)
    else:
        catch_up(found, audience, since)


@socketio.on("read_aloud")
def read_aloud(data=None):
    """The console asks the board to read the current question aloud with the room PC's own voices.

    Sent by a moderator's console; the workshop's screens receive "read_aloud" {text} and the board
    speaks it. Not a numbered change: a board that was away must not read it out later.
    """
    if not limits.allow_socket("read_aloud"):
        return False
    saved = session.get("live")
    workshop = saved and saved["moderator"] and workshops.by_code(saved["workshop"])
    if not workshop:
        return False
    if not access.is_moderator(workshop):
        close(request.sid)
        return False
    text = board.current_text(workshop)
    if text is None:
        return False
    emit("read_aloud", {"text": text}, to=room(workshop.id, False))
    return True
