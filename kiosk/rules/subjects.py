"""The rights of the people Kiosk knows: find a person, show everything held about them, erase it."""

import sqlalchemy as sa

from kiosk.data.models import (
    Attendee,
    Feedback,
    HelpRequest,
    Poll,
    PollAnswer,
    Question,
    Registration,
    Vote,
    Workshop,
)
from kiosk.extensions import db
from kiosk.rules import attendance, communes, erasure, registrations


def find(name):
    """Check-ins and registrations whose name contains `name` (no case, no accents), newest first."""
    wanted = attendance.same_name(name)
    if not wanted:
        return []
    found = []
    for model, kind in ((Attendee, "attendee"), (Registration, "registration")):
        rows = db.session.scalars(sa.select(model).order_by(model.id.desc())).all()
        found += [(kind, row) for row in rows if wanted in attendance.same_name(row.name)]
    return found


def _iso(moment):
    return moment.isoformat() if moment else None


def held_about(kind, row):
    """Everything stored about one check-in or registration, as plain data to hand over."""
    workshop = db.session.get(Workshop, row.workshop_id)
    data = {
        "atelier": {"titre": workshop.title, "date": _iso(workshop.starts_at), "code": workshop.code},
        "nom": row.name,
    }
    if kind == "registration":
        return data | {
            "inscription": {
                "téléphone": row.phone,
                "e-mail": row.email,
                "liste_d_attente": row.waiting,
                "commune": communes.label(row.commune_insee),
                "code_insee": row.commune_insee,
                "rendez_vous_rdv_service_public": row.rdv_id,
            },
            "inscrit_le": _iso(row.created_at),
        }
    where = {"attendee_id": row.id}
    return data | {
        "présence": {
            "état": row.status,
            "arrivée": _iso(row.checked_in_at),
            "première_visite": row.first_visit,
            "tranche_d_âge": row.age_band,
            "statut": row.social_status,
            "commune": communes.label(row.commune_insee, row.commune),
            "code_insee": row.commune_insee,
            "déjà_venu": row.came_before,
            "carte_kiosk": row.card_hash is not None,
            "accepte_d_être_nommé": row.named_consent,
            "nom_de_famille": row.family_name,
            "année_de_naissance": row.birth_year,
            "genre": row.gender,
        },
        "questions": [q.text for q in db.session.scalars(sa.select(Question).filter_by(**where))],
        "moi_aussi": [
            db.session.get(Question, v.question_id).text
            for v in db.session.scalars(sa.select(Vote).filter_by(**where))
        ],
        "demandes_d_aide": [
            _iso(h.created_at) for h in db.session.scalars(sa.select(HelpRequest).filter_by(**where))
        ],
        "sondages": [
            {"question": db.session.get(Poll, a.poll_id).question, "réponse": a.choice + 1}
            for a in db.session.scalars(sa.select(PollAnswer).filter_by(**where))
        ],
        "avis": [
            {
                "visage": f.rating,
                "appris": f.learned,
                "à_l_aise": f.at_ease,
                "sujet": f.next_topic,
                "commentaire": f.comment,
            }
            for f in db.session.scalars(sa.select(Feedback).filter_by(**where))
        ],
    }


def erase(kind, row, instance_path):
    """Erase a person on request: their check-in (with their votes, help requests and answers, and their
    card's link to their other visits) or their registration. Their questions stay on the board,
    anonymous. No copy stays in the database file or in Kiosk's own backups."""
    if kind == "registration":
        registrations.cancel(row)
    else:
        if row.card_hash is not None:
            # Their card recognises nobody any more: their other visits keep their counts, not the link.
            db.session.execute(
                sa.update(Attendee).where(Attendee.card_hash == row.card_hash).values(card_hash=None)
            )
        # Votes, help requests and feedback go with the attendee (ON DELETE CASCADE).
        attendance.remove(row, anonymous=True)
    erasure.leave_no_copy(instance_path)


MODELS = {"attendee": Attendee, "registration": Registration}
