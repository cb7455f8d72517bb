"""A crash loses nothing acknowledged: SIGKILL the real server while phones write, restart, count."""

import json
import threading
import time

import requests

from .helpers import client_id


def test_every_acknowledged_write_survives_a_killed_server_exactly_once(live_server):
    code = json.loads(
        live_server.run("workshop", "create", "--title", "Atelier", "--capacity", "50", "--json")
    )["code"]
    acknowledged, attempted = {}, {}
    stop = threading.Event()
    lock = threading.Lock()

    def phone(n):
        session = requests.Session()
        session.post(
            f"{live_server.url}/api/workshops/{code}/attendees",
            json={"name": f"Téléphone {n}", "client_id": client_id()},
            timeout=5,
        ).raise_for_status()
        while not stop.is_set():
            cid = client_id()
            text = f"Question {cid}"
            with lock:
                attempted[cid] = (session, text)
            try:
                response = session.post(
                    f"{live_server.url}/api/workshops/{code}/questions",
                    json={"text": text, "client_id": cid},
                    timeout=5,
                )
            except requests.RequestException:  # refused, cut mid-answer or timed out: not acknowledged
                return
            if response.status_code in (200, 201):
                with lock:
                    acknowledged[cid] = text

    phones = [threading.Thread(target=phone, args=(n,)) for n in range(4)]
    for t in phones:
        t.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
    live_server.kill()
    stop.set()
    for t in phones:
        t.join(timeout=10)
    assert len(acknowledged) >= 40

    live_server.start()
    texts = [
        q["text"]
        for q in requests.get(f"{live_server.url}/api/workshops/{code}/questions").json()["questions"]
    ]
    for text in acknowledged.values():
        assert texts.count(text) == 1

    # Every phone now retries what it sent, as the outbox does: nothing is applied twice.
    for cid, (session, text) in attempted.items():
        response = session.post(
            f"{live_server.url}/api/workshops/{code}/questions",
            json={"text": text, "client_id": cid},
            timeout=5,
        )
        assert response.status_code in (200, 201)
    texts = [
        q["text"]
        for q in requests.get(f"{live_server.url}/api/workshops/{code}/questions").json()["questions"]
    ]
    assert sorted(texts) == sorted(text for _session, text in attempted.values())
