"""Each API view declares, beside itself, the body it reads and what it answers; the view gets the body
read and checked, and /api/openapi.json is written from the same declarations."""

import functools
from dataclasses import dataclass

from kiosk.web import validate


@dataclass(frozen=True)
class Operation:
    """One API operation's declaration."""

    answers: dict  # status: an answers.py declaration, a media type (str), or None for no body
    body: type | None = None
    refuses: tuple = ()  # statuses its rules or limits may answer beyond those every operation has
    summary: str = ""


OPERATIONS = {}
MODERATOR_ONLY = set()


def _key(view):
    # functools.wraps keeps both names, so any decorator above still finds the declaration.
    return view.__module__, view.__qualname__


def operation(answers, *, body=None, refuses=()):
    """Decorator: the view's answers, the declaration of its JSON body (handed to it as `body`), and
    the statuses its rules may refuse with (409 closed workshop, 429 limits…)."""

    def declare(view):
        summary = " ".join((view.__doc__ or "").split("\n\n")[0].split())
        OPERATIONS[_key(view)] = Operation(answers, body, tuple(refuses), summary)
        if body is None:
            return view

        @functools.wraps(view)
        def reading(*args, **kwargs):
            return view(*args, body=validate.body(body), **kwargs)

        return reading

    return declare


def moderator_only(view):
    """Record that only a moderator may call this view (access.py enforces it)."""
    MODERATOR_ONLY.add(_key(view))


def declared(view):
    """(Operation, moderator only) of a view, or (None, False)."""
    return OPERATIONS.get(_key(view)), _key(view) in MODERATOR_ONLY
