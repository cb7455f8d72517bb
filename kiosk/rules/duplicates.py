"""Questions that say the same thing: shown to a person while they type, and to the moderator to merge."""

import sqlalchemy as sa

from kiosk.data.models import Question
from kiosk.extensions import db
from kiosk.rules import board, similarity

# Questions a person could back instead of writing a twin, and the moderator could merge.
ON_THE_BOARD = ("current", "open", "later")
MERGEABLE = ("pending", "current", "open", "later")


def _questions(workshop, statuses):
    return db.session.scalars(
        sa.select(Question)
        .where(Question.workshop_id == workshop.id, Question.status.in_(statuses))
        .order_by(Question.id)
    ).all()


def same_as(workshop, text, limit=3):
    """The board's questions that look like `text`, closest first, as every screen shows them."""
    questions = {q.id: q for q in _questions(workshop, ON_THE_BOARD)}
    found = similarity.alike(text, [(q.id, q.text) for q in questions.values()], limit=limit)
    return [board.public_view(questions[key], board.vote_count(questions[key])) for key, _score in found]


def suggested_merges(workshop):
    """Pairs the moderator may merge in one tap: each newer question into the older one it repeats."""
    questions = _questions(workshop, MERGEABLE)
    pairs, merged = [], set()
    for index, newer in enumerate(questions):
        older = [q for q in questions[:index] if q.id not in merged]
        found = similarity.alike(newer.text, [(q.id, q.text) for q in older], limit=1)
        if found:
            into = next(q for q in older if q.id == found[0][0])
            merged.add(newer.id)
            pairs.append({"id": newer.id, "text": newer.text, "into": into.id, "into_text": into.text})
    return pairs
