"""Rules of the question board: ask, vote, change a question's status, and list the board.

Plain functions over the database; they know nothing of requests or sockets. Each change is
numbered with `changes.begin` and told to the screens once committed.
"""

import sqlalchemy as sa

from kiosk import choices
from kiosk.data.models import Question, Vote
from kiosk.extensions import db
from kiosk.rules import changes, replay
from kiosk.rules.refusals import Refused, may_take_part

VOTES = Vote.__table__

# The order of the board: the current question, then open ones, then those set aside.
# Pending ones come first for the moderator, who has to approve them.
STATUS_ORDER = {"pending": -1, "current": 0, "open": 1, "later": 2, "resolved": 3, "hidden": 4, "prepared": 5}


# Built once: every vote runs it.
VOTE_COUNT = (
    sa.select(sa.func.count()).select_from(Vote).where(Vote.question_id == sa.bindparam("question_id"))
)


def vote_count(question):
    """How many "moi aussi" a question has."""
    return db.session.scalar(VOTE_COUNT, {"question_id": question.id})


def board_order(status, votes, created_at, question_id):
    """Where a question stands on the board: current first, then most "moi aussi", then oldest;
    set-aside ones last. Screens compare these keys item by item and know no rule of their own."""
    return [STATUS_ORDER[status], -votes, created_at, question_id]


def _view(question, votes):
    # Microseconds always written, so that keys compare as text in the order of time.
    asked = question.created_at.isoformat(timespec="microseconds")
    return {
        "id": question.id,
        "text": question.text,
        "status": question.status,
        "votes": votes,
        # A nickname appears only when its owner chose to post under it.
        "author": None if question.anonymous or question.attendee is None else question.attendee.name,
        "created_at": question.created_at.isoformat(),
        "answer": question.answer_text,
        "link": question.answer_link,
        # A sort key rather than a position: a vote on one question needs no news about the others.
        "order": board_order(question.status, votes, asked, question.id),
    }


def asker_view(question, votes):
    """What the asker sees of their own question, even while it waits for approval."""
    return _view(question, votes)


def public_view(question, votes):
    """What every screen may show of a question; a hidden or pending one is only "gone from the board".

    Once the workshop is closed its board is shared beyond the room (the take-home page): no names.
    """
    if question.status in choices.PRIVATE_STATUSES:
        return {"id": question.id, "status": "hidden"}
    view = _view(question, votes)
    if question.workshop.phase == "closed":
        view["author"] = None
    return view


def moderator_view(question, votes):
    """Everything the moderator sees of a question, hidden ones included."""
    return _view(question, votes) | {
        "anonymous": question.anonymous,
        "asked_by": question.attendee.name if question.attendee else None,
        "theme": question.theme,
        "merged_into": question.merged_into_id,
    }


def listing(workshop, moderator=False):
    """The board's questions in board order; hidden ones only for the moderator."""
    votes = dict(
        db.session.execute(
            sa.select(Vote.question_id, sa.func.count())
            .join(Question)
            .where(Question.workshop_id == workshop.id)
            .group_by(Vote.question_id)
        ).all()
    )
    query = sa.select(Question).where(
        Question.workshop_id == workshop.id, Question.status != choices.PREPARED
    )
    if not moderator:
        query = query.where(Question.status.not_in(choices.PRIVATE_STATUSES))
    view = moderator_view if moderator else public_view
    return sorted((view(q, votes.get(q.id, 0)) for q in db.session.scalars(query)), key=lambda v: v["order"])


def current_text(workshop):
    """The text of the question the board shows as current, or None."""
    return db.session.scalar(
        sa.select(Question.text)
        .where(Question.workshop_id == workshop.id, Question.status == "current")
        .order_by(Question.id.desc())
        .limit(1)
    )


def _tell_question(change, question, votes=None):
    votes = vote_count(question) if votes is None else votes
    change.tell("question", public=public_view(question, votes), moderators=moderator_view(question, votes))


def questions_of(attendee, votes=True):
    """The ids of the questions this person asked and, with `votes`, of those they said "moi aussi" to:
    what the board shows of them changes when the person is renamed, merged or removed."""
    theirs = Question.attendee_id == attendee.id
    if votes:
        theirs = theirs | Question.id.in_(sa.select(Vote.question_id).where(Vote.attendee_id == attendee.id))
    return list(db.session.scalars(sa.select(Question.id).where(theirs, Question.status != choices.PREPARED)))


def tell_again(change, question_ids):
    """Tell the screens these questions as the database now holds them (its ON DELETE rules included)."""
    # Read anew: a question loaded earlier in this session still names the person the database let go.
    for question in db.session.scalars(
        sa.select(Question).where(Question.id.in_(question_ids)).execution_options(populate_existing=True)
    ):
        _tell_question(change, question)


def tell_every_question(change, workshop):
    """Tell every screen each question again: what they may show changes with the workshop's phase."""
    for question in db.session.scalars(
        sa.select(Question).where(Question.workshop_id == workshop.id, Question.status != choices.PREPARED)
    ):
        _tell_question(change, question)


def ask(workshop, text, client_id, attendee=None, anonymous=True, theme=None):
    """Post a question (from an attendee, or from the moderator when `attendee` is None) and return
    (question, created); a replayed client id returns the first one. `theme`: the suggested thématique."""
    may_take_part(workshop, attendee)

    def write(change):
        # With pre-moderation, a phone's question waits; one typed by the moderator is approved already.
        status = "pending" if workshop.premoderation and attendee is not None else "open"
        question = Question(
            workshop_id=workshop.id,
            attendee_id=attendee.id if attendee else None,
            text=text,
            client_id=client_id,
            anonymous=anonymous,
            status=status,
            theme=theme,
        )
        db.session.add(question)
        db.session.flush()
        _tell_question(change, question, votes=0)  # a new question has no "moi aussi" yet
        return question, True

    owner = {"workshop_id": workshop.id, "attendee_id": attendee.id if attendee else None}
    return replay.once(workshop, Question, client_id, write, owner, inserts=True)


def vote(question, attendee, client_id):
    """Add an attendee's "moi aussi"; voting twice keeps one vote. Returns (vote count, created).

    Only on a question of the board (not hidden, not waiting for approval), never on one's own.
    """
    may_take_part(question.workshop, attendee)
    if question.status in choices.PRIVATE_STATUSES:
        raise Refused("question_not_on_board")
    if question.attendee_id == attendee.id:
        raise Refused("own_question")

    already_backed = sa.and_(Vote.question_id == question.id, Vote.attendee_id == attendee.id)

    counted = []

    def write(change):
        # Read again under the lock: the moderator may have hidden the question since (replay.once sees
        # to a voter removed meanwhile).
        status = db.session.scalar(sa.select(Question.status).where(Question.id == question.id))
        if status is None or status in choices.PRIVATE_STATUSES:
            raise Refused("question_not_on_board")
        # A plain insert: nobody reads the new row back, so the ORM's unit of work would only add cost.
        db.session.execute(
            sa.insert(VOTES).values(question_id=question.id, attendee_id=attendee.id, client_id=client_id)
        )
        counted[:] = [vote_count(question)]  # a write run again counts again
        _tell_question(change, question, counted[0])
        return None, True

    owner = {"question_id": question.id, "attendee_id": attendee.id}
    _vote, created = replay.once(
        question.workshop, Vote, client_id, write, owner, same=already_backed, inserts=True
    )
    return (counted[0] if created else vote_count(question)), created


def unvote(question, attendee):
    """Take back an attendee's "moi aussi"; returns the new count."""
    change = changes.begin(question.workshop)
    # Looked for under the lock: removing the voter takes their "moi aussi" away with them.
    existing = db.session.scalar(
        sa.select(Vote).where(Vote.question_id == question.id, Vote.attendee_id == attendee.id)
    )
    if existing is None:
        db.session.rollback()
        return vote_count(question)
    db.session.delete(existing)
    db.session.flush()
    _tell_question(change, question)
    db.session.commit()
    return vote_count(question)


def update(question, status=None, text=None, theme=..., answer=None, link=None):
    """The moderator's change of a question: status, text, thématique, or the answer the group keeps."""
    if (answer is not None or link is not None) and question.status in choices.PRIVATE_STATUSES:
        raise Refused("question_not_on_board")
    change = changes.begin(question.workshop)
    if status == "current":
        # One question at a time on the projector: the previous current one goes back to the list.
        for previous in db.session.scalars(
            sa.select(Question).where(
                Question.workshop_id == question.workshop_id,
                Question.status == "current",
                Question.id != question.id,
            )
        ):
            previous.status = "open"
            db.session.flush()
            _tell_question(change, previous)
    if status is not None:
        question.status = status
    if text is not None:
        question.text = text
    if theme is not ...:
        question.theme = theme
    if answer is not None:
        question.answer_text = answer
    if link is not None:
        question.answer_link = link
    db.session.flush()
    _tell_question(change, question)
    db.session.commit()
    return question


def merge(duplicate, into):
    """Merge a duplicate into the same question: its "moi aussi" and its asker now back `into`."""
    if into.workshop_id != duplicate.workshop_id or into.id == duplicate.id:
        raise Refused("other_workshop_question")
    change = changes.begin(into.workshop)
    backers = set(db.session.scalars(sa.select(Vote.attendee_id).where(Vote.question_id == duplicate.id)))
    if duplicate.attendee_id is not None:
        backers.add(duplicate.attendee_id)
    already = set(db.session.scalars(sa.select(Vote.attendee_id).where(Vote.question_id == into.id)))
    for attendee_id in backers - already - {into.attendee_id}:
        db.session.add(
            Vote(question=into, attendee_id=attendee_id, client_id=f"merge-{duplicate.id}-{attendee_id}")
        )
    duplicate.status = "hidden"
    duplicate.merged_into_id = into.id
    db.session.flush()
    _tell_question(change, duplicate)
    _tell_question(change, into)
    db.session.commit()
    return into
