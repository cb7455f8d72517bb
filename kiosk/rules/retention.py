"""Retention: personal data is erased once the organiser's period is over; anonymous counts stay.

Erased: names, optional answers, contact details, who asked or backed which question, help requests,
named-consent marks, device ids, and the moderator links and logins of the workshop. Kept: the
workshop, its anonymous participant counts (stored on the workshop first), its questions without
authors, and the anonymous feedback. Nothing of them stays on disk (see erasure.py). Backups in
instance/backups are kept 30 days at most.
"""

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa

from kiosk.data import backups, database
from kiosk.data.database import now
from kiosk.data.models import Attendee, Feedback, Login, ModeratorLink, Question, Registration, Workshop
from kiosk.extensions import db
from kiosk.rules import erasure, organiser, reporting

log = logging.getLogger(__name__)
DAYS_PER_MONTH = 30.44
CHECK_EVERY = 6 * 3600  # seconds, while the server runs
# When the last periodic pass ran, for workers sharing a database: one pass per period for them all.
LAST_PASS_KEY = "retention_last_pass"


def cutoff(months):
    """Workshops that started before this moment are past their retention period."""
    return now() - timedelta(days=round(months * DAYS_PER_MONTH))


def due(months):
    """The workshops whose personal data must be erased now."""
    return db.session.scalars(
        sa.select(Workshop).where(
            Workshop.starts_at < cutoff(months), Workshop.personal_data_erased_at.is_(None)
        )
    ).all()


def erase_workshop(workshop):
    """Keep the workshop's anonymous counts, then erase every personal detail of its people."""
    workshop.archived_counts = reporting.participants(workshop)
    wid = workshop.id
    # Feedback is anonymous: it stays, unlinked from the person (whose deletion would take it along).
    db.session.execute(sa.update(Feedback).where(Feedback.workshop_id == wid).values(attendee_id=None))
    db.session.execute(
        sa.update(Question).where(Question.workshop_id == wid).values(attendee_id=None, anonymous=True)
    )
    db.session.execute(sa.delete(Registration).where(Registration.workshop_id == wid))
    # Votes and help requests go with their attendee (ON DELETE CASCADE).
    db.session.execute(sa.delete(Attendee).where(Attendee.workshop_id == wid))
    db.session.execute(sa.delete(ModeratorLink).where(ModeratorLink.workshop_id == wid))
    db.session.execute(sa.delete(Login).where(Login.workshop_id == wid))
    workshop.personal_data_erased_at = now()


def purge(instance_path, months=None):
    """Erase what is past the retention period, leaving no copy in the instance folder (its database
    and Kiosk's backups); returns how many workshops were erased."""
    months = organiser.retention_months() if months is None else months
    workshops = due(months)
    for workshop in workshops:
        erase_workshop(workshop)
    # Logins nobody uses any more: revoked ones, and organiser logins older than the period.
    db.session.execute(
        sa.delete(Login).where(sa.or_(Login.revoked_at.is_not(None), Login.created_at < cutoff(months)))
    )
    db.session.commit()
    if workshops:
        erasure.leave_no_copy(instance_path)
    else:
        erasure.compact()  # catches up on an erasure whose log was too busy to empty at the time
    backups.delete_older_than(
        backups.default_folder(instance_path), now() - timedelta(days=backups.KEEP_DAYS)
    )
    log.info("retention: %d workshop(s) erased", len(workshops))
    return len(workshops)


def periodic_pass(instance_path):
    """Purge, unless another worker sharing the database is doing it or did within the period;
    returns whether this one did."""
    with database.exclusive("purge", wait=False) as mine:
        if not mine:
            return False
        if database.is_shared():
            last = organiser.get(LAST_PASS_KEY)
            # A little early counts as due: workers started together wake at slightly different times.
            if last and datetime.fromisoformat(last) > now() - timedelta(seconds=CHECK_EVERY * 0.9):
                return False
        purge(instance_path)
        if database.is_shared():
            organiser.put(LAST_PASS_KEY, now().isoformat())
        return True


def run_forever(app, sleep):
    """While the server runs: purge at start, then every few hours (`sleep` is the async mode's); with
    several workers, one of them does each pass."""
    while True:
        with app.app_context():
            try:
                periodic_pass(app.instance_path)
            except Exception:  # a failed pass must not stop the next one
                log.exception("retention pass failed")
            finally:
                db.session.remove()
        sleep(CHECK_EVERY)
