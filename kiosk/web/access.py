"""Who is who: the participant a browser checked in as, and who may moderate a workshop."""

import functools
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import abort, current_app, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from kiosk.data.database import now
from kiosk.data.models import ModeratorLink, Question, Vote, Workshop
from kiosk.extensions import db
from kiosk.rules import attendance, cards, logins
from kiosk.rules.workshops import by_code
from kiosk.web import api, signins
from kiosk.web.errors import ApiError
from kiosk.web.fields import ID_MAX
from kiosk.web.network import forwarded, is_loopback


def _held():
    """The secret this browser holds for each workshop it checked in to, by workshop id (as text)."""
    held = session.get("attendees")
    return held if isinstance(held, dict) else {}


def current_attendee(workshop):
    """The attendee this browser checked in as for this workshop, if they are still there."""
    return attendance.bound_to(workshop, _held().get(str(workshop.id)))


def held_secrets():
    """The secrets this browser holds, one for each workshop it checked in to."""
    return list(_held().values())


def person_or_door(workshop, kiosk, door_refused):
    """Who a participant's write is for: this browser's attendee, or None for the door screen ("kiosk")
    answering for someone without a phone. Only a door screen the moderator set up may do that, or one
    phone could pose as the kiosk and answer again and again; `door_refused` says so to anyone else."""
    if kiosk:
        if not is_moderator(workshop):
            raise ApiError(door_refused, 403)
        return None
    attendee = current_attendee(workshop)
    if attendee is None:
        raise ApiError(_("Inscrivez-vous d’abord avec votre prénom."), 403)
    return attendee


def remember_attendee(attendee, bound=None, secret=None):
    """Let this browser act as this attendee of its workshop from now on (the secret stays in its cookie).

    `bound`: the attendee this browser acted as already; `secret`: the one just stored with the attendee
    (a new check-in), so no second write is needed.
    """
    if bound is attendee:
        return  # already bound: a new secret would only race with the one the browser holds
    session.permanent = True
    session["attendees"] = _held() | {str(attendee.workshop_id): secret or attendance.bind(attendee)}


def device_hash():
    """A hash of this browser's own random id, made on first use, to recognise a returning phone."""
    if "device" not in session:
        session.permanent = True
        session["device"] = secrets.token_urlsafe(16)
    return logins.token_hash(session["device"])


def card_hash(code):
    """What is stored of a "carte Kiosk" code: its hash keyed with the app's secret. A code whose check
    sign is wrong names no card (404): mistyped, it must not start a new card."""
    try:
        cards.checked(code)
    except cards.NotACard:
        raise ApiError(
            _("Il y a une erreur dans ce code. Regardez bien la carte et écrivez le code à nouveau."), 404
        ) from None
    return cards.card_hash(current_app.config["SECRET_KEY"], code)


def attendee_view(attendee):
    """What a participant's own screen knows of them."""
    return {"id": attendee.id, "name": attendee.name, "status": attendee.status}


def attendee_state(attendee):
    """A participant's own view with the questions they asked and the ones they back."""
    return attendee_view(attendee) | {
        "questions": list(
            db.session.scalars(sa.select(Question.id).where(Question.attendee_id == attendee.id))
        ),
        "votes": list(db.session.scalars(sa.select(Vote.question_id).where(Vote.attendee_id == attendee.id))),
    }


def from_room_pc():
    """Whether the request comes from this PC's own browser, and that is trusted."""
    # A reverse proxy on this PC connects from loopback too: what it forwards comes from elsewhere.
    return (
        current_app.config["TRUST_LOOPBACK"]
        and is_loopback(request.remote_addr)
        and not forwarded(request.environ)
    )


def is_moderator(workshop):
    """Whether this browser may moderate this workshop: the room PC, the organiser, or a linked phone."""
    return from_room_pc() or signins.moderates(workshop)


def require_organiser():
    """Stop the request unless the organiser signed in; a page request is sent to the login form."""
    if signins.is_organiser():
        return
    if request.path.startswith("/api/"):
        raise ApiError(_("Réservé à l’organisation."), 403)
    abort(redirect(url_for("signin.login", next=request.full_path.rstrip("?"))))


def require_moderator(workshop):
    """Stop the request unless it comes from a moderator of the workshop."""
    if not is_moderator(workshop):
        if request.path.startswith("/api/"):
            raise ApiError(_("Seul l’animateur ou l’animatrice peut faire cela."), 403)
        abort(403)


def issue_moderator_link(workshop):
    """Create a one-time moderator token for a workshop and return it; only its hash is kept."""
    token = secrets.token_urlsafe(24)
    seconds = current_app.config["MODERATOR_LINK_SECONDS"]
    db.session.add(
        ModeratorLink(
            workshop_id=workshop.id,
            token_hash=logins.token_hash(token),
            expires_at=now() + timedelta(seconds=seconds),
        )
    )
    db.session.commit()
    return token


def moderator_link_lifetime():
    """How long a one-time moderator link lasts, in words: "2 minutes", or seconds if not whole minutes."""
    seconds = current_app.config["MODERATOR_LINK_SECONDS"]
    if seconds % 60:
        return ngettext("%(num)d seconde", "%(num)d secondes", seconds)
    return ngettext("%(num)d minute", "%(num)d minutes", seconds // 60)


def redeem_moderator_link(token):
    """Use a one-time token: the workshop it opens, or None if unknown, used or expired."""
    link = db.session.scalar(
        sa.select(ModeratorLink).where(ModeratorLink.token_hash == logins.token_hash(token))
    )
    if link is None or link.used_at is not None or link.expires_at < now():
        return None
    # Marked used in the same statement that checks it, so two browsers racing cannot both win.
    used = db.session.execute(
        sa.update(ModeratorLink)
        .where(ModeratorLink.id == link.id, ModeratorLink.used_at.is_(None))
        .values(used_at=now())
    ).rowcount
    db.session.commit()
    if not used:
        return None
    signins.sign_in(link.workshop_id)
    return link.workshop_id


def workshop_view(view):
    """Decorator for views whose URL names a workshop `code`: the view gets the Workshop, or it is a 404.

    The `code` stays in the URL's arguments, where the unknown-code count (limits.py) reads it.
    """

    @functools.wraps(view)
    def wrapped(code, **kwargs):
        return view(by_code(code) or abort(404), **kwargs)

    return wrapped


def moderator_only(view):
    """Decorator for views whose URL names a workshop `code`: the workshop's moderator only."""
    api.moderator_only(view)

    @workshop_view
    @functools.wraps(view)
    def wrapped(workshop, **kwargs):
        require_moderator(workshop)
        return view(workshop, **kwargs)

    return wrapped


def found(model, row_id):
    """The row of `model` with this id, or a plain 404; a number too large for any row is a plain 400."""
    if row_id > ID_MAX:
        raise ApiError(_("Ce numéro est trop grand : il ne désigne rien. Vérifiez l’adresse."))
    return db.session.get(model, row_id) or abort(404)


def row_view(model, *, moderator=False):
    """Decorator for views whose URL names a row of `model` by its `…_id`: the view gets the row, or a
    plain 404; with `moderator`, only a moderator of the row's workshop may go on."""

    def decorate(view):
        if moderator:
            api.moderator_only(view)

        @functools.wraps(view)
        def wrapped(**kwargs):
            name = next(name for name in kwargs if name.endswith("_id"))
            row = found(model, kwargs.pop(name))
            if moderator:
                require_moderator(db.session.get(Workshop, row.workshop_id))
            return view(row, **kwargs)

        return wrapped

    return decorate
