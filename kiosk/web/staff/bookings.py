"""Registrations from elsewhere: RDV Service Public's export in, presence back out; the waiting list
offered the next date of the series."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext

from kiosk import choices
from kiosk.rules import exports, rdv, venues
from kiosk.rules.refusals import Refused
from kiosk.web import access, errors, files, inputs, validate
from kiosk.web.errors import ApiError

bp = Blueprint("bookings", __name__)


@bp.get("/w/<code>/bookings")
@access.moderator_only
def page(workshop):
    """The people imported from RDV Service Public and whether they came; the next date of the series."""
    return render_template(
        "moderate/bookings.html",
        workshop=workshop,
        people=rdv.presence(workshop),
        next_date=venues.next_date(workshop),
    )


def _read_file():
    """The uploaded file's bytes, read up to just past the limit (a larger file is refused)."""
    upload = request.files.get("file")
    content = upload.stream.read(choices.RDV_FILE_MAX + 1) if upload else b""
    return validate.read(inputs.RdvImportForm, {"content": content}).content


@bp.post("/w/<code>/bookings/rdv")
@access.moderator_only
def import_rdv(workshop):
    """Register the people of an RDV Service Public export whose appointment is on the workshop's day."""
    # Its larger limit is set before the CSRF check reads the form (security.LARGER_BODIES).
    try:
        day = workshop.starts_at.astimezone(exports.PARIS).date()
        counts = rdv.import_file(workshop, _read_file(), day)
    except (ApiError, Refused) as error:
        flash(errors.plain(error)[0], "error")
        return redirect(url_for("bookings.page", code=workshop.code))
    said = [
        ngettext("%(num)d personne inscrite.", "%(num)d personnes inscrites.", counts["added"]),
        ngettext("%(num)d déjà inscrite avant.", "%(num)d déjà inscrites avant.", counts["already"]),
    ]
    if counts["other_day"]:
        said.append(
            ngettext(
                "%(num)d rendez-vous d’un autre jour laissé de côté.",
                "%(num)d rendez-vous d’un autre jour laissés de côté.",
                counts["other_day"],
            )
        )
    if counts["cancelled"]:
        said.append(
            ngettext(
                "%(num)d rendez-vous annulé laissé de côté.",
                "%(num)d rendez-vous annulés laissés de côté.",
                counts["cancelled"],
            )
        )
    flash(" ".join(said), "success")
    return redirect(url_for("bookings.page", code=workshop.code))


@bp.get("/w/<code>/bookings/presence.csv")
@access.moderator_only
def presence_csv(workshop):
    """Who came and who did not, to report back in RDV Service Public."""
    return files.csv_attachment(exports.rdv_presence_csv(workshop), f"rdv-presences-{workshop.code}.csv")


@bp.post("/w/<code>/bookings/next-date")
@access.moderator_only
def offer_next_date(workshop):
    """Register the waiting list for the next date of the series."""
    try:
        later, moved = venues.offer_next_date(workshop)
    except Refused as error:
        flash(errors.plain(error)[0], "error")
    else:
        flash(
            ngettext(
                "%(num)d personne inscrite pour le %(date)s.",
                "%(num)d personnes inscrites pour le %(date)s.",
                moved,
                date=format_date(later.starts_at, format="full"),
            ),
            "success",
        )
    return redirect(url_for("bookings.page", code=workshop.code))
