"""Venues and series: the organiser's places give the activity report its commune and codes, a series
gathers the same session's dates, and the period report splits by both."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.data.models import Registration, Venue, Workshop
from kiosk.extensions import db
from kiosk.rules import reporting, venues, workshops
from kiosk.rules.refusals import Refused

from .helpers import become_moderator, check_in, client_id, csrf_token, gen_workshop

BLOIS = {"name": "Médiathèque Maurice-Genevoix", "place_type": "autre_lieu"}
BLOIS |= {"commune_insee": "41018", "postal_code": "41000"}


def add_venue(organiser, **fields):
    """Add a venue through the organiser's form; returns the page it lands on."""
    token = csrf_token(organiser, "/admin/venues/")
    return organiser.post(
        "/admin/venues/", data=(BLOIS | fields) | {"csrf_token": token}, follow_redirects=True
    )


def the_venue(app, name=BLOIS["name"]):
    with app.app_context():
        return db.session.scalar(db.select(Venue).where(Venue.name == name)).id


def new_workshop(organiser, **fields):
    form = {
        "title": "Premiers pas sur tablette",
        "starts_at": "2026-12-03T14:00",
        "duration_minutes": "90",
        "capacity": "2",
    } | fields
    form["csrf_token"] = csrf_token(organiser, "/admin/workshops/new")
    return organiser.post("/admin/workshops/new", data=form, follow_redirects=True)


def test_the_organiser_keeps_a_list_of_venues_and_changes_one(app, organiser):
    page = add_venue(organiser).get_data(as_text=True)
    assert "Lieu «\u00a0Médiathèque Maurice-Genevoix\u00a0» enregistré." in page
    assert "41018" in page and "Autre lieu" in page
    venue_id = the_venue(app)
    token = csrf_token(organiser, f"/admin/venues/{venue_id}")
    organiser.post(
        f"/admin/venues/{venue_id}", data=BLOIS | {"name": "Médiathèque de Blois", "csrf_token": token}
    )
    assert "Médiathèque de Blois" in organiser.get("/admin/venues/").get_data(as_text=True)
    assert organiser.get("/admin/venues/999999").status_code == 404
    assert app.test_client().get("/admin/venues/").status_code == 302


@pytest.mark.parametrize(
    ("field", "typed", "said"),
    [
        ("commune_insee", "4101", "Le code INSEE a 5 caractères, par exemple 41018 pour Blois."),
        ("commune_insee", "41000", "Cette commune n’est pas dans la liste."),
        ("postal_code", "41100", "Ce code postal n’est pas celui de la commune."),
        ("postal_code", "", None),
        ("postal_code", "4100O", "Le code postal a 5 chiffres, par exemple 41000."),
        ("place_type", "chateau", "Choisissez un type de lieu de la liste."),
        ("name", "", "Écrivez le nom du lieu."),
    ],
)
def test_a_venue_s_codes_and_type_are_checked_with_a_plain_sentence(app, organiser, field, typed, said):
    answer = add_venue(organiser, **{field: typed})
    page = answer.get_data(as_text=True)
    if said is None:
        assert "enregistré" in page
        return
    assert said.replace("'", "&#39;") in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Venue)) == 0


def test_a_venue_s_commune_is_named_from_its_code_and_may_need_its_postal_code(app, organiser):
    add_venue(organiser, name="Espace France Services", commune_insee=" 2a004", postal_code="20090")
    add_venue(organiser, name="Sans code postal", commune_insee="2A004", postal_code="")
    add_venue(organiser, name="À distance", place_type="distance", commune_insee="", postal_code="")
    with app.app_context():
        saved = {
            v.name: (v.commune_insee, v.commune, v.postal_code) for v in db.session.scalars(db.select(Venue))
        }
    assert saved == {"Espace France Services": ("2A004", "Ajaccio", "20090"), "À distance": ("", "", "")}
    page = add_venue(organiser, name="Sans code postal", commune_insee="2A004", postal_code="").get_data(
        as_text=True
    )
    assert "Ce code postal n’est pas celui de la commune." in page
    # The form shows what was typed again.
    assert 'value="Sans code postal"' in page
    # A venue's form shows its commune in the picker: the name to read, the code it sends.
    form = organiser.get(f"/admin/venues/{add_venue_id(app, organiser)}").get_data(as_text=True)
    assert 'value="Blois" maxlength' in form and 'name="commune_insee" value="41018"' in form


def add_venue_id(app, organiser):
    add_venue(organiser)
    return the_venue(app)


def test_a_workshop_at_a_venue_gives_its_commune_and_codes_to_the_activity_report(app, organiser):
    add_venue(organiser)
    new_workshop(
        organiser, venue_id=str(the_venue(app)), themes="email", materials="tablette", level="debutant"
    )
    with app.app_context():
        workshop = db.session.scalar(db.select(Workshop))
        code = workshop.code
        assert (workshop.place, workshop.commune, workshop.postal_code) == (BLOIS["name"], "Blois", "41000")
    page = become_moderator(app, app.test_client(), code).get(f"/w/{code}/report").get_data(as_text=True)
    for label, value in (("Type de lieu", "Autre lieu"), ("Commune", "Blois"), ("Code postal", "41000")):
        assert re.search(rf"<dt>{label}</dt>\s*<dd><span data-copy-source>{value}</span>", page)
    assert re.search(r"<dt>Code INSEE</dt>\s*<dd><span data-copy-source>41018</span>", page)
    assert "il manque des champs obligatoires" not in page


def test_a_workshop_with_no_venue_and_no_series_is_created_as_before(app, organiser):
    page = new_workshop(organiser, venue_id="", series="", place="Salle des fêtes", commune="Bron")
    assert "Atelier créé" in page.get_data(as_text=True)
    with app.app_context():
        workshop = db.session.scalar(db.select(Workshop))
        assert (workshop.venue_id, workshop.series_id, workshop.place) == (None, None, "Salle des fêtes")


def test_a_venue_that_does_not_exist_is_refused_in_plain_words(app, organiser):
    page = new_workshop(organiser, venue_id="424242").get_data(as_text=True)
    assert "Choisissez un lieu de la liste." in page
    for typed in ("x", "0", str(2**63), "-1"):
        assert "Choisissez un lieu de la liste." in new_workshop(organiser, venue_id=typed).get_data(
            as_text=True
        )
    assert "Choisissez une série de la liste." in new_workshop(organiser, series="77").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Workshop)) == 0


def test_the_card_names_every_required_field_still_empty_with_a_link_to_fill_it(app):
    code = gen_workshop(app, place_type="domicile", duration_minutes=60)
    moderator = become_moderator(app, app.test_client(), code)
    page = moderator.get(f"/w/{code}/report").get_data(as_text=True)
    assert "Avant de recopier, il manque des champs obligatoires" in page
    for anchor, said in (
        ("venue_id", "Commune : choisissez un lieu qui a son code INSEE."),
        ("materials", "Matériel numérique utilisé : cochez au moins une case."),
        ("themes", "Thématiques : cochez au moins une thématique."),
        ("level", "Niveau de l’atelier : choisissez-le dans la liste."),
    ):
        assert f'href="/admin/workshops/{code}/edit#{anchor}">{said}</a>' in page
    assert "Durée\u00a0: écrivez" not in page
    with app.app_context():
        workshop = workshops.by_code(code)
        workshop.themes, workshop.materials, workshop.level = ["email"], ["aucun"], "avance"
        workshop.place_type = "lieu_activite"
        workshop.duration_minutes = 0
        assert reporting.cra_missing(workshop) == ["duration_minutes"]


def test_a_copy_a_week_later_joins_the_series_and_the_period_splits_by_venue_and_series(app, organiser):
    add_venue(organiser)
    add_venue(organiser, name="Mairie annexe", commune_insee="41295", postal_code="41350")
    blois, vineuil = the_venue(app), the_venue(app, "Mairie annexe")
    start = datetime(2026, 10, 6, 12, 0, tzinfo=UTC)
    with app.app_context():
        first = workshops.create("Tablette", starts_at=start, venue_id=blois, duration_minutes=90)
        second = workshops.duplicate_a_week_later(first)
        assert second.series_id == first.series_id is not None
        assert second.series.name == "Tablette" and second.venue_id == blois
        third = workshops.create(
            "Courriel", starts_at=start + timedelta(days=2), venue_id=vineuil, duration_minutes=120
        )
        workshops.create(
            "Au café", starts_at=start + timedelta(days=3), place="Café du port", duration_minutes=60
        )
        codes = first.code, second.code, third.code
    phone = app.test_client()
    for code in codes:
        check_in(phone, code, "Marie")
    check_in(app.test_client(), codes[0], "Paul")
    with app.app_context():
        period = reporting.period(datetime(2026, 10, 1).date(), datetime(2026, 10, 31).date())
    total = period["total"]
    assert (total["sessions"], total["hours"], total["participations"], total["distinct"]) == (4, 6, 4, 2)
    by_venue = dict(period["by_venue"])
    assert by_venue[BLOIS["name"]] == {
        "sessions": 2,
        "hours": 3,
        "participations": 3,
        "distinct": 2,
        "first_visits": 0,
    }
    assert by_venue["Mairie annexe"]["participations"] == 1
    assert by_venue["Café du port"]["sessions"] == 1
    assert dict(period["by_series"])["Tablette"]["sessions"] == 2
    assert dict(period["by_series"])[None]["sessions"] == 2
    page = organiser.get("/admin/period?from=2026-10-01&to=2026-10-31").get_data(as_text=True)
    assert "Par lieu" in page and "Par série" in page and "Hors série" in page


def test_first_visits_add_up_per_venue(app):
    code = gen_workshop(app, ask_first_visit=True, starts_at=datetime(2026, 10, 6, 12, 0, tzinfo=UTC))
    for name, first in (("Anne", True), ("Paul", False)):
        app.test_client().post(
            f"/api/workshops/{code}/attendees",
            json={"name": name, "client_id": client_id(), "first_visit": first},
        )
    with app.app_context():
        period = reporting.period(datetime(2026, 10, 1).date(), datetime(2026, 10, 31).date())
    assert period["total"]["first_visits"] == 1
    assert period["by_venue"] == [(None, period["total"])]


def test_a_full_workshop_s_waiting_list_is_offered_the_next_date_of_its_series(app):
    start = datetime(2026, 10, 6, 12, 0, tzinfo=UTC)
    with app.app_context():
        full = workshops.create("Tablette", starts_at=start, capacity=1)
        code, later_code = full.code, workshops.duplicate_a_week_later(full).code
        lone = workshops.create("Sans suite", starts_at=start).code
    moderator = become_moderator(app, app.test_client(), code)
    for name, contact in (
        ("Anne", {}),
        ("Bruno", {"phone": "06 12 34 56 78", "consent": True}),
        ("Chloé", {}),
    ):
        body = {"name": name, "client_id": client_id()} | contact
        assert moderator.post(f"/api/workshops/{code}/registrations", json=body).status_code == 201
    check_in(app.test_client(), code, "Anne")
    check_in(app.test_client(), code, "Denis")  # no place left: waits in the room
    token = csrf_token(moderator, f"/w/{code}/bookings")
    page = moderator.post(f"/w/{code}/bookings/next-date", data={"csrf_token": token}, follow_redirects=True)
    assert "3 personnes inscrites pour le mardi 13 octobre 2026." in page.get_data(as_text=True)
    with app.app_context():
        later = workshops.by_code(later_code)
        moved = {
            r.name: r
            for r in db.session.scalars(db.select(Registration).where(Registration.workshop_id == later.id))
        }
        assert set(moved) == {"Bruno", "Chloé", "Denis"}
        assert moved["Bruno"].phone == "06 12 34 56 78"
        left = db.session.scalars(
            db.select(Registration.name).where(Registration.workshop_id == workshops.by_code(code).id)
        ).all()
        assert left == ["Anne"]
        # Again: nobody is registered twice.
        assert venues.offer_next_date(workshops.by_code(code))[1] == 0
        assert db.session.scalar(db.select(db.func.count()).where(Registration.workshop_id == later.id)) == 3
    lone_moderator = become_moderator(app, app.test_client(), lone)
    token = csrf_token(lone_moderator, f"/w/{lone}/bookings")
    page = lone_moderator.post(
        f"/w/{lone}/bookings/next-date", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Cet atelier n’a pas de prochaine date." in page.get_data(as_text=True)
    with app.app_context(), pytest.raises(Refused):
        venues.offer_next_date(workshops.by_code(lone))


def test_a_commune_typed_without_choosing_is_taken_when_certain_and_refused_otherwise(app, organiser):
    page = add_venue(organiser, name="Médiathèque", commune_insee="", commune="Blois", postal_code="")
    assert "enregistré" in page.get_data(as_text=True)
    with app.app_context():
        venue = db.session.scalar(db.select(Venue))
        assert (venue.commune_insee, venue.commune, venue.postal_code) == ("41018", "Blois", "41000")
    refused = add_venue(organiser, name="Ailleurs", commune_insee="", commune="Saint-Denis", postal_code="")
    assert "Cette commune n’est pas dans la liste." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Venue).count() == 1
