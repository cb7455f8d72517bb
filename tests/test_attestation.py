"""The proof of attendance: the name typed for it is printed, never stored."""

from datetime import datetime

from .helpers import become_moderator, check_in, csrf_token, gen_workshop


def test_a_participant_gets_a_proof_with_the_workshops_facts_and_the_name_is_not_kept(app, client, instance):
    code = gen_workshop(
        app,
        "Faire ses démarches en ligne",
        starts_at=datetime(2026, 12, 1, 14, 0).astimezone(),
        duration_minutes=90,
        place="Médiathèque Jules-Verne",
        commune="Bron",
        themes=["aide_aux_demarches_administratives", "email"],
    )
    check_in(client, code, "Zo")
    token = csrf_token(client, f"/w/{code}/attestation")
    proof = client.post(
        f"/w/{code}/attestation", data={"csrf_token": token, "full_name": "Zoé  Quatrebarbes"}
    )
    page = proof.get_data(as_text=True)
    assert proof.status_code == 200 and proof.headers["Cache-Control"] == "no-store"
    for fact in (
        "Zoé Quatrebarbes",
        "Faire ses démarches en ligne",
        "1 décembre 2026",
        "90 minutes",
        "Médiathèque Jules-Verne, Bron",
        "Aide aux démarches administratives, E-mail",
    ):
        assert fact in page, fact
    stored = b"".join(path.read_bytes() for path in instance.glob("kiosk.sqlite3*"))
    assert b"Quatrebarbes" not in stored


def test_only_someone_in_the_room_or_the_moderator_gets_one(app, client):
    code = gen_workshop(app, capacity=1)
    assert client.get(f"/w/{code}/attestation").status_code == 403
    check_in(app.test_client(), code, "Marie")
    check_in(client, code, "Paul")  # on the waiting list
    assert client.get(f"/w/{code}/attestation").status_code == 403
    moderator = become_moderator(app, app.test_client(), code)
    token = csrf_token(moderator, f"/w/{code}/attestation")
    proof = moderator.post(f"/w/{code}/attestation", data={"csrf_token": token, "full_name": "Paul Martin"})
    assert "Paul Martin" in proof.get_data(as_text=True)
    empty = moderator.post(f"/w/{code}/attestation", data={"csrf_token": token, "full_name": "  "})
    assert empty.status_code == 400 and "Écrivez le nom et le prénom." in empty.get_data(as_text=True)
    markup = moderator.post(
        f"/w/{code}/attestation", data={"csrf_token": token, "full_name": "<script>x</script>"}
    )
    assert "<script>x" not in markup.get_data(as_text=True)
