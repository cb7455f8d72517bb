"""What the reports say: per workshop and across a period, in the words of the national activity report.

Plain functions over the database. Anonymous counts always add up: each group (âge, statut, genre) and
"déjà accompagnés" is at most the total, "non communiqué" being the remainder.
"""

from collections import Counter
from datetime import datetime, time

import sqlalchemy as sa

from kiosk import choices
from kiosk.data.models import Attendee, Question, Workshop
from kiosk.extensions import db
from kiosk.rules import polls, satisfaction, similarity

UNANSWERED = ("open", "current", "pending")


def _present(workshop):
    return db.session.scalars(
        sa.select(Attendee).where(Attendee.workshop_id == workshop.id, Attendee.status == "present")
    ).all()


def _group(values, labels, total, remainder="Non communiqué"):
    """Counts per label, in the national order, with the remainder under its national label."""
    counts = Counter(v for v in values if v in labels)
    rows = [(label, counts.get(key, 0)) for key, label in labels.items()]
    return rows + [(remainder, total - sum(n for _label, n in rows))]


def participants(workshop):
    """The anonymous participant counts of one workshop; the head count is part of the total."""
    if workshop.archived_counts is not None:
        return _archived(workshop.archived_counts)
    present = _present(workshop)
    total = len(present) + workshop.head_count
    returning = sum(1 for a in present if a.came_before or a.first_visit is False)
    first_time = sum(1 for a in present if a.first_visit is True and not a.came_before)
    return {
        "total": total,
        "checked_in": len(present),
        "head_count": workshop.head_count,
        "waiting": db.session.scalar(
            sa.select(sa.func.count()).where(
                Attendee.workshop_id == workshop.id, Attendee.status == "waiting"
            )
        ),
        "returning": returning,
        "first_time": first_time,
        "unknown_visit": total - returning - first_time,
        "genre": [("F", 0), ("M", 0), ("Non communiqué", total)],
        "ages": _group([a.age_band for a in present], choices.AGE_BANDS, total),
        "statuses": _group(
            [a.social_status for a in present],
            choices.SOCIAL_STATUSES,
            total,
            remainder="Non communiqué ou hétérogène",
        ),
        "communes": Counter(a.commune for a in present if a.commune).most_common(),
        "rate": round(100 * total / workshop.capacity) if workshop.capacity else None,
    }


def _archived(counts):
    """Counts kept after the people were erased; JSON turned the (label, n) pairs into lists."""
    pairs = ("genre", "ages", "statuses", "communes")
    return counts | {key: [tuple(pair) for pair in counts[key]] for key in pairs}


def questions(workshop):
    """The questions that reached the group, by outcome, with their thématiques."""
    asked = db.session.scalars(
        sa.select(Question)
        .where(Question.workshop_id == workshop.id, Question.status != "hidden")
        .order_by(Question.id)
    ).all()
    return {
        "resolved": [q for q in asked if q.status == "resolved"],
        "later": [q for q in asked if q.status == "later"],
        "unanswered": [q for q in asked if q.status in UNANSWERED],
        "themes": Counter(q.theme for q in asked if q.theme).most_common(),
    }


def cra_card(workshop, counts):
    """The fields of the collective-workshop activity report, in its order and wording, ready to copy."""
    place = choices.PLACE_TYPES.get(workshop.place_type, "")
    where = ", ".join(p for p in (place, workshop.commune, workshop.postal_code) if p)
    return [
        ("Titre de l'atelier", workshop.title),
        ("Date", workshop.starts_at.astimezone().strftime("%d/%m/%Y")),
        ("Durée", f"{workshop.duration_minutes} min"),
        ("Type de lieu", where),
        (
            "Matériel numérique utilisé",
            ", ".join(choices.MATERIALS[m] for m in workshop.materials if m in choices.MATERIALS),
        ),
        ("Thématiques", ", ".join(choices.THEMES[t] for t in workshop.themes if t in choices.THEMES)),
        ("Niveau de l'atelier", choices.LEVELS.get(workshop.level or "", "")),
        ("Notes", workshop.notes),
        ("Participants", str(counts["total"])),
        ("Déjà accompagnés", str(counts["returning"])),
        ("Genre", " · ".join(f"{label} : {n}" for label, n in counts["genre"])),
        ("Tranche d'âge", " · ".join(f"{label} : {n}" for label, n in counts["ages"] if n)),
        ("Statut", " · ".join(f"{label} : {n}" for label, n in counts["statuses"] if n)),
    ]


def workshop_report(workshop):
    """Everything the report page shows for one workshop."""
    counts = participants(workshop)
    return {
        "participants": counts,
        "questions": questions(workshop),
        "feedback": satisfaction.summary(workshop),
        "cra": cra_card(workshop, counts),
        "polls": polls.of_workshop(workshop),
    }


def period(start, end):
    """Workshops from `start` to `end` (dates, inclusive), their totals, and ideas for the next ones."""
    first = datetime.combine(start, time.min).astimezone()
    last = datetime.combine(end, time.max).astimezone()
    found = db.session.scalars(
        sa.select(Workshop).where(Workshop.starts_at.between(first, last)).order_by(Workshop.starts_at)
    ).all()
    rows, themes, ideas, topics = [], Counter(), [], []
    people, anonymous_people = set(), 0
    for workshop in found:
        counts = participants(workshop)
        feedback = satisfaction.summary(workshop)
        rows.append({"workshop": workshop, "participants": counts, "score": feedback["score"]})
        themes.update(workshop.themes)
        asked = questions(workshop)
        themes.update(theme for theme, n in asked["themes"] for _ in range(n))
        ideas += [(q, workshop) for q in asked["later"] + asked["unanswered"]]
        topics += feedback["next_topics"]
        # After erasure, nobody can be recognised any more: each person counts as new.
        anonymous_people += counts["checked_in"] if workshop.archived_counts is not None else 0
        for attendee in _present(workshop):
            if attendee.device_hash:
                people.add(attendee.device_hash)
            else:
                anonymous_people += 1
    total = sum(r["participants"]["total"] for r in rows)
    places = sum(r["workshop"].capacity for r in rows)
    return {
        "workshops": rows,
        "participants": total,
        "unique_people": len(people) + anonymous_people,
        "returning": sum(r["participants"]["returning"] for r in rows),
        "rate": round(100 * total / places) if places else None,
        "themes": [(choices.THEMES.get(t, t), n) for t, n in themes.most_common(10)],
        "ideas": ideas,
        "next_topics": group_alike(topics),
        "topics": most_asked([q.text for q, _workshop in ideas] + topics),
    }


def most_asked(texts, limit=10):
    """What people asked or suggested, grouped by subject: the `limit` most asked, each with how many
    times and what was written, [(subject, n, [(text, n)])]."""
    grouped = similarity.groups(texts)[:limit]
    return [(group_alike(group)[0][0], len(group), group_alike(group)) for group in grouped]


def group_alike(texts):
    """The same suggestion written by several people, once, with how many asked: [(text, n)], most first."""
    spelling, counts = {}, Counter()
    for text in texts:
        key = " ".join(text.casefold().split()).rstrip(" .!?")
        spelling.setdefault(key, text.strip())
        counts[key] += 1
    return [(spelling[key], n) for key, n in counts.most_common()]
