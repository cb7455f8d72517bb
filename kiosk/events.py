"""The live channel: Socket.IO handlers, and the publisher that sends committed changes to the rooms.

Each workshop has two rooms: `w<id>` for every screen (phones, door, board) and `m<id>` for its
moderators. Both receive every change number, so a screen notices a gap whatever it may see.
"""

from flask import request, session
from flask_socketio import ConnectionRefusedError, emit, join_room

from . import access, limits, live, logins, workshops
from .extensions import socketio

# Moderator sockets opened with a login (not the room PC): socket id -> (workshop id, login tokens).
# Kept per server process, like the sockets themselves.
moderator_sockets = {}


def room(workshop_id, moderator):
    """The room of a workshop's moderators or of its public screens."""
    return f"{'m' if moderator else 'w'}{workshop_id}"


def same_origin(origin, environ):
    """Socket.IO's origin check: a browser may connect only from a page of this very address."""
    if origin is None:
        return True  # not a browser: there is no other site's page to fear
    return origin == f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"


@live.on_commit
def publish(change):
    """Send a committed change to the workshop's screens and to its moderators."""
    for moderator, events in ((False, change.public), (True, change.moderators)):
        socketio.emit("change", {"seq": change.seq, "events": events}, to=room(change.workshop_id, moderator))


def _snapshot_for(workshop, moderator):
    state = workshops.snapshot(workshop, moderator=moderator)
    attendee = None if moderator else access.current_attendee(workshop)
    if attendee is not None:
        state["me"] = access.attendee_state(attendee)
    return state


@socketio.on("connect")
def connect(auth):
    """A screen opens its live channel with {code, role, since}.

    Sent by every page. Joins the workshop's room; the screen receives "snapshot" unless `since`
    shows it already has everything. A moderator role is refused to anyone who is not one.
    """
    if not limits.allow_socket("connect"):
        raise ConnectionRefusedError("too many connections: wait a minute")
    if not limits.may_try_codes():
        raise ConnectionRefusedError("too many unknown workshop codes: wait a minute")
    auth = auth if isinstance(auth, dict) else {}
    workshop = workshops.by_code(str(auth.get("code", "")))
    if workshop is None:
        limits.unknown_code()
        raise ConnectionRefusedError("unknown workshop")
    moderator = auth.get("role") == "moderator"
    if moderator and not access.is_moderator(workshop):
        raise ConnectionRefusedError("not a moderator")
    join_room(room(workshop.id, moderator))
    if moderator and not access.from_room_pc():
        moderator_sockets[request.sid] = (workshop.id, list(session.get("logins", [])))
    # The socket's own copy of the session (never sent back as a cookie) remembers, for "sync",
    # what it was allowed at connect time.
    session["live"] = {"workshop": workshop.code, "moderator": moderator}
    if auth.get("since") != workshop.seq:
        emit("snapshot", _snapshot_for(workshop, moderator))


@socketio.on("disconnect")
def disconnect(*_reason):
    """Forget a closed moderator socket."""
    moderator_sockets.pop(request.sid, None)


def drop_revoked(workshop_id):
    """Close the live channel of moderator devices whose login was just revoked: they must stop
    receiving names and feedback at once, not at their next page load."""
    for sid, (wid, tokens) in list(moderator_sockets.items()):
        if wid == workshop_id and not logins.grant_moderation(logins.active(tokens), wid):
            moderator_sockets.pop(sid, None)
            socketio.server.disconnect(sid, namespace="/")


@socketio.on("sync")
def sync(data=None):
    """A screen that saw a gap in the change numbers asks again; it receives "snapshot"."""
    if not limits.allow_socket("sync"):
        return
    saved = session.get("live")
    workshop = saved and workshops.by_code(saved["workshop"])
    if workshop:
        emit("snapshot", _snapshot_for(workshop, saved["moderator"]))
