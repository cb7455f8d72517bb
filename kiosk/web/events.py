"""The live channel: Socket.IO handlers, and the publisher that sends committed changes to the rooms.

Each workshop has two rooms: `w<id>` for every screen (phones, door, board) and `m<id>` for its
moderators. Both receive every change number, so a screen notices a gap whatever it may see. The
organiser's forum-day page joins `day`, which hears only that some workshop changed (no content).
A moderator socket opened with a login is closed within two seconds of that login ending, wherever it
ended: logout here, `kiosk passphrase` in another process, or expiry. Such sockets are listed where every
worker finds them (shared.py), and a worker closes one held by another through the message queue.
"""

import logging
import time

from flask import request, session
from flask_socketio import ConnectionRefusedError, emit, join_room

from kiosk.extensions import db, socketio
from kiosk.rules import board, changes, logins, workshops
from kiosk.web import access, limits, shared, signins

log = logging.getLogger(__name__)

# Logins are checked again at most this often (seconds) before a moderator-only emit, and by the sweep.
CHECK_EVERY = 1.0
_last_check = [0.0]


DAY_ROOM = "day"


def room(workshop_id, moderator):
    """The room of a workshop's moderators or of its public screens."""
    return f"{'m' if moderator else 'w'}{workshop_id}"


def same_origin(origin, environ):
    """Socket.IO's origin check: a browser may connect only from a page of this very address."""
    if origin is None:
        return True  # not a browser: there is no other site's page to fear
    return origin == f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"


@changes.on_commit
def publish(change):
    """Send a committed change to the workshop's screens and to its moderators."""
    if time.monotonic() - _last_check[0] >= CHECK_EVERY:
        drop_revoked()  # names and feedback must not reach a login that has just ended
    for moderator, events in ((False, change.public), (True, change.moderators)):
        socketio.emit("change", {"seq": change.seq, "events": events}, to=room(change.workshop_id, moderator))
    socketio.emit("day", to=DAY_ROOM)


def _snapshot_for(workshop, moderator):
    state = workshops.snapshot(workshop, moderator=moderator)
    attendee = None if moderator else access.current_attendee(workshop)
    if attendee is not None:
        state["me"] = access.attendee_state(attendee)
    return state


@socketio.on("connect")
def connect(auth):
    """A screen opens its live channel with {code, role, since}, the forum-day page with {role: "day"}.

    Sent by every page. Joins the workshop's room; the screen receives "snapshot" unless `since`
    shows it already has everything. A moderator role is refused to anyone who is not one.
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
    workshop = workshops.by_code(str(auth.get("code", "")))
    if workshop is None:
        limits.unknown_code()
        raise ConnectionRefusedError("unknown workshop")
    moderator = auth.get("role") == "moderator"
    if moderator and not access.is_moderator(workshop):
        raise ConnectionRefusedError("not a moderator")
    join_room(room(workshop.id, moderator))
    if moderator and not access.from_room_pc():
        held = [logins.token_hash(token) for token in signins.tokens()]
        shared.moderator_sockets().add(request.sid, workshop.id, held)
    # The socket's own copy of the session (never sent back as a cookie) remembers, for "sync",
    # what it was allowed at connect time.
    session["live"] = {"workshop": workshop.code, "moderator": moderator}
    if auth.get("since") != workshop.seq:
        emit("snapshot", _snapshot_for(workshop, moderator))


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
        still = {
            row.token_hash: row for row in connection.execute(logins.valid(list(hashes), signins.expiry()))
        }
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
    """A screen that saw a gap in the change numbers asks again; it receives "snapshot"."""
    if not limits.allow_socket("sync"):
        return
    saved = session.get("live")
    workshop = saved and workshops.by_code(saved["workshop"])
    if not workshop:
        return
    if saved["moderator"] and not access.is_moderator(workshop):
        close(request.sid)
        return
    emit("snapshot", _snapshot_for(workshop, saved["moderator"]))


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
