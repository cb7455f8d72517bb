"""Joining without typing a Wi-Fi password: the organiser gives it once, the door and poster show its QR."""

import pytest

from kiosk.rules import wifi

from .helpers import become_moderator, csrf_token, gen_workshop


def test_the_wifi_qr_code_holds_the_standard_scheme_with_its_escaping():
    text = wifi.join_text({"name": 'Médiathèque;"Invités"', "password": "a:b,c\\d"})
    assert text == 'WIFI:T:WPA;S:Médiathèque\\;\\"Invités\\";P:a\\:b\\,c\\\\d;;'
    assert wifi.join_text({"name": "Libre", "password": ""}) == "WIFI:T:nopass;S:Libre;;"


def test_the_organiser_gives_the_wifi_once_and_the_door_and_poster_show_two_numbered_codes(
    app, organiser, tmp_path
):
    code = gen_workshop(app)
    door = app.test_client()
    assert "1. Rejoindre le Wi-Fi" not in door.get(f"/w/{code}/door").get_data(as_text=True)
    assert door.get(f"/w/{code}/wifi-qr.svg").status_code == 404
    token = csrf_token(organiser, "/admin/wifi")
    saved = organiser.post(
        "/admin/wifi",
        data={"csrf_token": token, "name": "Médiathèque-Invités", "password": "lire 2026!"},
        follow_redirects=True,
    )
    assert "Wi-Fi enregistré." in saved.get_data(as_text=True)
    for path in (f"/w/{code}/door", f"/w/{code}/poster"):
        page = door.get(path).get_data(as_text=True)
        assert "1. Rejoindre le Wi-Fi" in page and "2. Ouvrir Kiosk" in page
        assert "Médiathèque-Invités" in page and "lire 2026!" in page
    assert door.get(f"/w/{code}/wifi-qr.svg").mimetype == "image/svg+xml"
    # Never in a report.
    moderator = become_moderator(app, app.test_client(), code)
    assert "lire 2026!" not in moderator.get(f"/w/{code}/report").get_data(as_text=True)
    removed = organiser.post("/admin/wifi", data={"csrf_token": token, "name": "", "password": "x"})
    assert removed.status_code == 302
    assert "Rejoindre le Wi-Fi" not in door.get(f"/w/{code}/door").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"name": "x" * 33}, "Le nom du Wi-Fi est trop long."),
        ({"name": "Wifi", "password": "p" * 64}, "63 caractères au plus"),
    ],
)
def test_a_wifi_the_standard_does_not_allow_is_refused_plainly(app, organiser, data, said):
    token = csrf_token(organiser, "/admin/wifi")
    page = organiser.post("/admin/wifi", data={"csrf_token": token, **data}, follow_redirects=True)
    assert said in page.get_data(as_text=True)
    with app.app_context():
        assert wifi.guest() is None


def test_only_the_organiser_gives_the_wifi(app, client):
    assert client.get("/admin/wifi").status_code in (302, 403)
