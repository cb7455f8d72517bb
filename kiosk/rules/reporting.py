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
from kiosk.rules import communes, polls, satisfaction, similarity, venues

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
        "genre": _group([a.gender for a in present], {"F": "F", "M": "M"}, total),
        "ages": _group([a.age_band for a in present], choices.AGE_BANDS, total),
        "statuses": _group(
            [a.social_status for a in present],
            choices.SOCIAL_STATUSES,
            total,
            remainder="Non communiqué ou hétérogène",
        ),
        "communes": _communes(present),
        "rate": round(100 * total / workshop.capacity) if workshop.capacity else None,
    }


def _communes(present):
    """(name, count) of the communes of residence, counted by code INSEE (a commune typed and never
    matched to a code counts as typed), most frequent first."""
    counts = Counter(
        (a.commune_insee, None) if a.commune_insee else (None, a.commune)
        for a in present
        if a.commune_insee or a.commune
    )
    named = [(communes.label(code, typed), code, n) for (code, typed), n in counts.most_common()]
    # Two communes of the same name (Saint-Denis) are told apart by their code.
    twice = {name for name, _code, _n in named if sum(other == name for other, *_ in named) > 1}
    return [(f"{name} ({code})" if name in twice and code else name, n) for name, code, n in named]


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
    place = venues.where(workshop)
    return [
        ("Titre de l'atelier", workshop.title),
        ("Date", workshop.starts_at.astimezone().strftime("%d/%m/%Y")),
        ("Durée", f"{workshop.duration_minutes} min" if workshop.duration_minutes else ""),
        ("Type de lieu", choices.PLACE_TYPES.get(place["place_type"], "")),
        ("Lieu", place["name"]),
        ("Commune", place["commune"]),
        ("Code postal", place["postal_code"]),
        ("Code INSEE", place["commune_insee"]),
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


# Where the national tool asks for a commune: a place that is not the organisation's own and not remote.
COMMUNE_NEEDED = ("autre_lieu", "domicile")


def cra_missing(workshop):
    """What the national tool requires that the workshop still lacks, as the names of the fields to
    fill in the workshop's form (the form's element ids), in the card's order."""
    place = venues.where(workshop)
    missing = []
    if not workshop.duration_minutes:
        missing.append("duration_minutes")
    if place["place_type"] not in choices.PLACE_TYPES:
        missing.append("place_type")
    elif place["place_type"] in COMMUNE_NEEDED and not place["commune_insee"]:
        missing.append("venue_id")
    if not any(m in choices.MATERIALS for m in workshop.materials):
        missing.append("materials")
    if not any(t in choices.THEMES for t in workshop.themes):
        missing.append("themes")
    if workshop.level not in choices.LEVELS:
        missing.append("level")
    return missing


def workshop_report(workshop):
    """Everything the report page shows for one workshop."""
    counts = participants(workshop)
    return {
        "participants": counts,
        "questions": questions(workshop),
        "feedback": satisfaction.summary(workshop),
        "cra": cra_card(workshop, counts),
        "cra_missing": cra_missing(workshop),
        "polls": polls.of_workshop(workshop),
    }


def _people(workshop, counts):
    """(phones and cards seen, people not recognisable) of one workshop, for counting distinct people."""
    # After erasure, nobody can be recognised any more: each person counts as new.
    if workshop.archived_counts is not None:
        return set(), counts["checked_in"]
    phones, anonymous = set(), 0
    for attendee in _present(workshop):
        # A card names the person better than a phone (a phone may be lent, a card is theirs).
        if attendee.card_hash:
            phones.add("card " + attendee.card_hash)
        elif attendee.device_hash:
            phones.add(attendee.device_hash)
        else:
            anonymous += 1
    return phones, anonymous


def figures(rows):
    """What a library's annual activity survey asks of a group of workshops: sessions, hours,
    participations, distinct participants (at least), first visits."""
    phones, anonymous = set(), 0
    for row in rows:
        phones |= row["people"][0]
        anonymous += row["people"][1]
    return {
        "sessions": len(rows),
        "hours": sum(row["workshop"].duration_minutes for row in rows) / 60,
        "participations": sum(row["participants"]["total"] for row in rows),
        "distinct": len(phones) + anonymous,
        "first_visits": sum(row["participants"]["first_time"] for row in rows),
    }


def _split(rows, key, name):
    """The rows' figures per group (by `key` of a workshop, named by `name`), biggest first; the
    workshops with no group last, under None."""
    groups = {}
    for row in rows:
        groups.setdefault(key(row["workshop"]), []).append(row)
    split = [
        (name(group[0]["workshop"]) if k is not None else None, figures(group)) for k, group in groups.items()
    ]
    return sorted(split, key=lambda item: (item[0] is None, -item[1]["participations"], item[0] or ""))


def _venue_key(workshop):
    """A workshop's venue, or the place typed on it when it has none (None when nothing was typed)."""
    if workshop.venue_id is not None:
        return workshop.venue_id
    return f"typed:{workshop.place}" if workshop.place else None


def period(start, end):
    """Workshops from `start` to `end` (dates, inclusive), their totals per venue and per series, and
    ideas for the next ones."""
    first = datetime.combine(start, time.min).astimezone()
    last = datetime.combine(end, time.max).astimezone()
    found = db.session.scalars(
        sa.select(Workshop).where(Workshop.starts_at.between(first, last)).order_by(Workshop.starts_at)
    ).all()
    rows, themes, ideas, topics = [], Counter(), [], []
    for workshop in found:
        counts = participants(workshop)
        feedback = satisfaction.summary(workshop)
        rows.append(
            {
                "workshop": workshop,
                "participants": counts,
                "score": feedback["score"],
                "people": _people(workshop, counts),
            }
        )
        themes.update(workshop.themes)
        asked = questions(workshop)
        themes.update(theme for theme, n in asked["themes"] for _ in range(n))
        ideas += [(q, workshop) for q in asked["later"] + asked["unanswered"]]
        topics += feedback["next_topics"]
    total = figures(rows)
    places = sum(r["workshop"].capacity for r in rows)
    return {
        "workshops": rows,
        "participants": total["participations"],
        "unique_people": total["distinct"],
        "returning": sum(r["participants"]["returning"] for r in rows),
        "rate": round(100 * total["participations"] / places) if places else None,
        "total": total,
        "by_venue": _split(rows, _venue_key, lambda w: venues.where(w)["name"]),
        "by_series": _split(rows, lambda w: w.series_id, lambda w: w.series.name),
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
