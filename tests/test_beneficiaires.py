"""The "Bénéficiaires" file: what is asked of a person who agrees to be named, and a file that La Coop de
la médiation numérique's importer (ported in coop_importer.py, with its own commune list) takes with no error."""

import io
from datetime import date

import openpyxl
import pytest

from kiosk.data.models import Attendee, Registration
from kiosk.extensions import db
from kiosk.rules import communes, exports, named, reporting, subjects, workshops

from . import coop_importer
from .helpers import become_moderator, client_id, french_csv_rows, gen_workshop

THIS_YEAR = date.today().year


def arrive(app, code, name, **answers):
    """A phone checks in with its answers; returns the attendee's id."""
    response = app.test_client().post(
        f"/api/workshops/{code}/attendees", json={"name": name, "client_id": client_id()} | answers
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


@pytest.fixture
def room(app):
    """A workshop that asks the commune, and its moderator's browser."""
    code = gen_workshop(app, ask_commune=True)
    return code, become_moderator(app, app.test_client(), code)


def export(moderator, code):
    """The file the console downloads."""
    response = moderator.get(f"/api/workshops/{code}/export/beneficiaires.xlsx")
    assert response.status_code == 200
    return response.data


def test_the_coop_importer_takes_every_row_of_kioks_file_without_an_error(app, room):
    code, moderator = room
    people = [
        ("Marie", {"commune_insee": "41018"}, {"family_name": "Durand", "birth_year": 1948, "gender": "F"}),
        # Several postal codes, which the Coop compares as one string in its own order.
        ("Ange", {"commune_insee": "2A004"}, {"family_name": "Santoni", "gender": "M"}),
        # A code whose postal codes the Coop holds differently (75016, not 75016 and 75116).
        ("Paul", {"commune_insee": "75116"}, {"family_name": "Martin", "birth_year": THIS_YEAR}),
        # A commune the Coop still knows by its former name.
        ("Lucie", {"commune_insee": "14408"}, {"family_name": "Leroy", "birth_year": 1900, "gender": "N"}),
        # A commune created after the Coop's list: left out of the row rather than refused.
        ("Jean", {"commune_insee": "12218"}, {"family_name": "Vidal"}),
        # A commune typed by hand that names one commune for sure.
        ("Rose", {"commune": "st etienne"}, {"family_name": "=HYPERLINK(1)"}),
        # No commune at all.
        ("Léon", {}, {"family_name": "O’Brien-Dupont"}),
    ]
    for name, answers, details in people:
        attendee = arrive(app, code, name, **answers)
        agreed = moderator.patch(f"/api/attendees/{attendee}", json={"named_consent": True} | details)
        assert agreed.status_code == 200, agreed.json
    arrive(app, code, "Sans accord", commune_insee="41018")

    analysis = coop_importer.analyse(export(moderator, code))

    assert [row["errors"] for row in analysis["rows"]] == [{}] * len(people)
    assert analysis["status"] == "ok"
    read = [row["values"] for row in analysis["rows"]]
    assert [(r["nom"], r["prenom"]) for r in read] == [
        ("Durand", "Marie"),
        ("Santoni", "Ange"),
        ("Martin", "Paul"),
        ("Leroy", "Lucie"),
        ("Vidal", "Jean"),
        ("'=HYPERLINK(1)", "Rose"),  # shown as text by a spreadsheet, never run
        ("O’Brien-Dupont", "Léon"),
    ]
    parsed = [row["parsed"] for row in analysis["rows"]]
    assert [p["commune"]["codeInsee"] if p["commune"] else None for p in parsed] == [
        *("41018", "2A004", "75116", "14408"),
        *(None, "42218", None),
    ]
    assert [p["anneeNaissance"] for p in parsed] == [1948, None, THIS_YEAR, 1900, None, None, None]
    assert [p["genre"] for p in parsed] == [
        *("Feminin", "Masculin", "NonCommunique", "NonCommunique"),
        *("NonCommunique",) * 3,
    ]


def test_every_commune_of_the_list_is_written_as_the_coop_accepts_it_or_left_out():
    held = coop_importer.communes()
    left_out = []
    for entry in communes._entries():
        written = communes.for_coop(entry.commune.insee)
        if written is None:
            left_out.append(entry.commune.insee)
            assert entry.commune.insee not in held
            continue
        coop = coop_importer.find_commune(held, entry.commune.insee)
        assert (coop["nom"].lower(), coop["codePostal"]) == (written[0].lower(), written[1])
    # Only communes created since the Coop's list was made.
    assert len(left_out) < 20


def test_the_ported_importer_refuses_what_the_coop_refuses(app, room):
    """The port is no rubber stamp: yesterday's file (a first name and a commune typed) fails as the
    Coop's does, on every row."""
    code, moderator = room
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = coop_importer.SHEET
    sheet.append(["titre"])
    sheet.append([""])
    sheet.append(list(exports.BENEFICIARIES_COLUMNS))
    sheet.append([None, "Marie", None, "Blois"])
    sheet.append(["Durand", "Paul", 1899, "Blois", "41018", "41000 ", None, None, "X"])
    sheet.append(["Leroy", "Lucie", "1950", "Ajaccio", "2A004", "20000"])
    sheet.append(["Vidal", "Jean", None, "Blois", "99999", "41000"])
    out = io.BytesIO()
    book.save(out)

    analysis = coop_importer.analyse(out.getvalue())

    assert analysis["status"] == "error"
    assert [sorted(row["errors"]) for row in analysis["rows"]] == [
        ["nom"],
        ["anneeNaissance", "genre"],
        ["communeCodePostal"],
        ["communeCodeInsee"],
    ]


def test_only_people_present_who_agreed_are_in_the_file(app, room):
    code, moderator = room
    agreed = arrive(app, code, "Marie", commune_insee="41018")
    arrive(app, code, "Paul", commune_insee="41018")
    moderator.patch(f"/api/attendees/{agreed}", json={"named_consent": True, "family_name": "Durand"})
    rows = coop_importer.analyse(export(moderator, code))["rows"]
    assert [r["values"]["prenom"] for r in rows] == ["Marie"]
    moderator.patch(f"/api/attendees/{agreed}", json={"named_consent": False})
    assert coop_importer.analyse(export(moderator, code))["rows"] == []


def test_a_person_is_asked_their_details_only_once_they_agree_to_be_named(app, room):
    code, moderator = room
    marie = arrive(app, code, "Marie")
    url = f"/api/attendees/{marie}"
    refused = moderator.patch(url, json={"family_name": "Durand"})
    assert refused.status_code == 409
    assert "d’accord pour être nommée" in refused.json["error"]
    same_time = moderator.patch(
        url, json={"named_consent": True, "family_name": "Durand", "birth_year": 1950, "gender": "F"}
    )
    assert same_time.status_code == 200
    assert {k: same_time.json[k] for k in ("family_name", "birth_year", "gender")} == {
        "family_name": "Durand",
        "birth_year": 1950,
        "gender": "F",
    }
    # Withdrawing the consent erases what was asked because of it.
    withdrawn = moderator.patch(url, json={"named_consent": False})
    assert (withdrawn.json["family_name"], withdrawn.json["birth_year"], withdrawn.json["gender"]) == (
        None,
        None,
        "N",
    )
    with app.app_context():
        row = db.session.get(Attendee, marie)
        assert (row.family_name, row.birth_year, row.gender) == (None, None, None)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"birth_year": 1899}, f"L’année de naissance va de 1900 à {THIS_YEAR}."),
        ({"birth_year": THIS_YEAR + 1}, f"L’année de naissance va de 1900 à {THIS_YEAR}."),
        ({"birth_year": "dix-neuf"}, f"L’année de naissance va de 1900 à {THIS_YEAR}."),
        ({"birth_year": 1950.5}, f"L’année de naissance va de 1900 à {THIS_YEAR}."),
        ({"birth_year": True}, f"L’année de naissance va de 1900 à {THIS_YEAR}."),
        ({"birth_year": "1950"}, f"L’année de naissance va de 1900 à {THIS_YEAR}."),
        ({"gender": "X"}, "Choisissez F, M ou N (non communiqué)."),
        ({"gender": "f"}, "Choisissez F, M ou N (non communiqué)."),
        ({"family_name": "D" * 41}, "Ce nom de famille est trop long. Écrivez 40 lettres au plus."),
        (
            {"family_name": "Du\u202erand"},
            "Il y a un signe caché dans votre texte. Effacez tout et écrivez à nouveau.",
        ),
        ({"commune_insee": "4101"}, "Choisissez votre commune dans la liste."),
        ({"commune_insee": 41018}, "Choisissez votre commune dans la liste."),
        ({"commune_insee": ["41018"]}, "Choisissez votre commune dans la liste."),
        ({"commune_insee": "99999"}, "Cette commune n’est pas dans la liste. Choisissez-la dans la liste."),
        ({"named_consent": "oui"}, "Dites si la personne est d’accord pour être nommée."),
    ],
)
def test_a_wrong_detail_gets_a_plain_sentence_and_changes_nothing(app, room, change, says):
    code, moderator = room
    marie = arrive(app, code, "Marie")
    url = f"/api/attendees/{marie}"
    moderator.patch(url, json={"named_consent": True, "family_name": "Durand", "birth_year": 1950})
    refused = moderator.patch(url, json={"name": "Marie-Jo", "gender": "M"} | change)
    assert (refused.status_code, refused.json["error"]) == (400, says)
    with app.app_context():
        row = db.session.get(Attendee, marie)
        assert (row.name, row.family_name, row.birth_year, row.gender) == ("Marie", "Durand", 1950, None)


@pytest.mark.parametrize("nothing", [None, ""])
def test_no_commune_is_no_commune_everywhere_one_is_asked(app, room, nothing):
    code, moderator = room
    marie = arrive(app, code, "Marie", commune_insee=nothing)
    assert moderator.patch(f"/api/attendees/{marie}", json={"commune_insee": nothing}).status_code == 200
    registered = moderator.post(
        f"/api/workshops/{code}/registrations",
        json={"name": "Paul", "client_id": client_id(), "commune_insee": nothing},
    )
    assert registered.status_code == 201
    assert registered.json["commune_insee"] is None


def test_the_console_lists_what_is_missing_before_the_export(app, room):
    code, moderator = room
    ready = arrive(app, code, "Marie", commune_insee="41018")
    no_family_name = arrive(app, code, "Paul", commune_insee="41018")
    typed = arrive(app, code, "Lucie", commune="Saint-Denis")
    nowhere = arrive(app, code, "Jean")
    unknown_to_coop = arrive(app, code, "Rose", commune_insee="12218")
    for attendee in (ready, typed, nowhere, unknown_to_coop):
        moderator.patch(f"/api/attendees/{attendee}", json={"named_consent": True, "family_name": "Nom"})
    moderator.patch(f"/api/attendees/{no_family_name}", json={"named_consent": True})
    with app.app_context():
        review = exports.beneficiaries_review(workshops.by_code(code), THIS_YEAR)
        assert [(a.name, problems) for a, problems in review] == [
            ("Marie", []),
            ("Paul", ["family_name_missing"]),
            ("Lucie", ["commune_typed"]),
            ("Jean", ["commune_missing"]),
            ("Rose", ["commune_unknown_to_coop"]),
        ]
    # The console hears the same with each person, and a fix clears it at once.
    fixed = moderator.patch(f"/api/attendees/{typed}", json={"commune_insee": "93066"})
    assert fixed.json["problems"] == []
    assert fixed.json["commune_name"] == "Saint-Denis"
    not_named = moderator.patch(f"/api/attendees/{ready}", json={"named_consent": False})
    assert not_named.json["problems"] == []


def test_a_birth_year_from_another_time_is_flagged_before_the_export(app, room):
    code, _moderator = room
    marie = arrive(app, code, "Marie", commune_insee="41018")
    with app.app_context():
        row = db.session.get(Attendee, marie)
        row.named_consent, row.family_name, row.birth_year = True, "Durand", 1890
        assert named.problems(row, THIS_YEAR) == ["birth_year_out_of_range"]


def test_the_door_kiosk_asks_the_details_of_a_person_who_agrees_there(room_pc_app):
    app = room_pc_app
    code = gen_workshop(app, ask_commune=True)
    door = app.test_client()  # the room PC: its door screen checks people in
    body = {"name": "Marie", "client_id": client_id(), "kiosk": True, "commune_insee": "41018"}
    details = {"named_consent": True, "family_name": "Durand", "birth_year": 1948, "gender": "F"}
    made = door.post(f"/api/workshops/{code}/attendees", json=body | details)
    assert made.status_code == 201
    # A phone cannot say it: nothing of this is asked of anyone checking in by themselves.
    phone = app.test_client()
    phone.environ_base["REMOTE_ADDR"] = "192.168.1.20"
    mine = phone.post(
        f"/api/workshops/{code}/attendees", json=body | details | {"kiosk": False, "client_id": client_id()}
    )
    assert mine.status_code == 201
    with app.app_context():
        kiosk_row = db.session.get(Attendee, made.json["id"])
        phone_row = db.session.get(Attendee, mine.json["id"])
        assert (kiosk_row.named_consent, kiosk_row.family_name, kiosk_row.birth_year, kiosk_row.gender) == (
            True,
            "Durand",
            1948,
            "F",
        )
        assert (phone_row.named_consent, phone_row.family_name, phone_row.birth_year) == (False, None, None)
        assert kiosk_row.commune_insee == phone_row.commune_insee == "41018"


def test_the_door_kiosk_refuses_a_wrong_year_before_checking_anyone_in(room_pc_app):
    app = room_pc_app
    code = gen_workshop(app)
    door = app.test_client()
    body = {
        "name": "Marie",
        "client_id": client_id(),
        "kiosk": True,
        "named_consent": True,
        "birth_year": 1850,
    }
    refused = door.post(f"/api/workshops/{code}/attendees", json=body)
    assert (refused.status_code, refused.json["error"]) == (
        400,
        f"L’année de naissance va de 1900 à {THIS_YEAR}.",
    )
    with app.app_context():
        assert db.session.query(Attendee).count() == 0


def test_reports_count_communes_by_code_and_show_their_names(app, room):
    code, moderator = room
    for name, answers in [
        ("Marie", {"commune_insee": "93066"}),
        ("Paul", {"commune": "saint denis 93200"}),  # typed, certain: the same commune
        ("Lucie", {"commune_insee": "97411"}),  # another Saint-Denis
        ("Jean", {"commune_insee": "41018"}),
        ("Rose", {"commune": "Chez ma sœur"}),
    ]:
        arrive(app, code, name, **answers)
    with app.app_context():
        counts = reporting.participants(workshops.by_code(code))
    assert counts["communes"] == [
        ("Saint-Denis (93066)", 2),
        ("Saint-Denis (97411)", 1),
        ("Blois", 1),
        ("Chez ma sœur", 1),
    ]
    page = moderator.get(f"/w/{code}/report").get_data(as_text=True)
    assert "Blois" in page and "41018" not in page


def test_the_activity_report_counts_the_genders_people_gave(app, room):
    code, moderator = room
    for name, gender in (("Marie", "F"), ("Lucie", "F"), ("Paul", "M"), ("Léon", "N"), ("Rose", None)):
        attendee = arrive(app, code, name)
        if gender:
            moderator.patch(f"/api/attendees/{attendee}", json={"named_consent": True, "gender": gender})
    with app.app_context():
        counts = reporting.participants(workshops.by_code(code))
    assert counts["genre"] == [("F", 2), ("M", 1), ("Non communiqué", 2)]


def test_what_is_held_about_a_named_person_includes_their_details_and_goes_with_them(app, room, instance):
    code, moderator = room
    marie = arrive(app, code, "Marie", commune_insee="41018")
    moderator.patch(
        f"/api/attendees/{marie}",
        json={"named_consent": True, "family_name": "Quatremare", "birth_year": 1948, "gender": "F"},
    )
    with app.app_context():
        [(kind, row)] = subjects.find("Marie")
        held = subjects.held_about(kind, row)["présence"]
        assert (held["nom_de_famille"], held["année_de_naissance"], held["genre"]) == (
            "Quatremare",
            1948,
            "F",
        )
        assert (held["commune"], held["code_insee"]) == ("Blois", "41018")
        subjects.erase(kind, row, instance)
    data = b"".join(path.read_bytes() for path in instance.glob("kiosk.sqlite3*"))
    assert b"Quatremare" not in data


def test_check_in_and_registration_refuse_an_unknown_commune_code_plainly(app, room):
    code, moderator = room
    says = "Cette commune n’est pas dans la liste. Choisissez-la dans la liste."
    checked_in = app.test_client().post(
        f"/api/workshops/{code}/attendees",
        json={"name": "Marie", "client_id": client_id(), "commune_insee": "99999"},
    )
    registered = moderator.post(
        f"/api/workshops/{code}/registrations",
        json={
            "name": "Paul",
            "client_id": client_id(),
            "commune_insee": "75056",
        },  # Paris, not an arrondissement
    )
    assert [(r.status_code, r.json["error"]) for r in (checked_in, registered)] == [(400, says)] * 2
    with app.app_context():
        assert db.session.query(Attendee).count() == 0
        assert db.session.query(Registration).count() == 0


def test_the_attendees_table_gives_the_commune_name_and_its_code(app, room):
    code, moderator = room
    arrive(app, code, "Marie", commune_insee="41018")
    arrive(app, code, "Paul", commune="Chez ma sœur")
    rows = french_csv_rows(moderator.get(f"/api/workshops/{code}/export/attendees.csv").text)
    assert [(r["Commune"], r["Code INSEE"]) for r in rows] == [("Blois", "41018"), ("Chez ma sœur", "")]
