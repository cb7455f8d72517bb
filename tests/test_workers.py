"""Several workers on PostgreSQL and Redis (a forum day), and one worker behind a reverse proxy.

Real `kiosk serve` processes, a real PostgreSQL database of this run and the tests' Redis database:
what one worker counts, revokes or upgrades holds for the others.
"""

import secrets
import threading
from pathlib import Path

import pytest
import requests
import socketio as socketio_client

from . import services
from .helpers import PASSPHRASE, LiveServer, client_id
from .test_rights_end import PROMISE, SLACK, Console, moderator, new_passphrase, new_workshop


class Phone:
    """A phone's live channel on one worker, from its own address as a proxy would say it."""

    def __init__(self, url, code, address=None, origin=None, scheme=None):
        self.changes, self.snapshots, self.refused = [], [], None
        headers = {}
        if address:
            headers["X-Forwarded-For"] = address
        if scheme:
            headers["X-Forwarded-Proto"] = scheme
        # The Origin a browser sends with the WebSocket handshake, here the page's.
        extra = {"origin": origin} if origin else {}
        self.socket = socketio_client.Client(reconnection=False, websocket_extra_options=extra)
        self.socket.on("change", self.changes.append)
        self.socket.on("snapshot", self.snapshots.append)
        try:
            self.socket.connect(
                url, headers=headers, auth={"code": code}, transports=["websocket"], wait_timeout=30
            )
        except socketio_client.exceptions.ConnectionError as refused:
            self.refused = str(refused)

    def leave(self):
        if self.socket.connected:
            self.socket.disconnect()


def wait_for(condition, seconds=15):
    """Wait until `condition()` holds (a busy machine may take a while); returns whether it did."""
    done = threading.Event()
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        done.wait(0.05)
    return condition()


# ---- one worker behind a reverse proxy -------------------------------------------------------------


@pytest.fixture
def proxied(tmp_path):
    """`kiosk serve` behind a reverse proxy (the proxy is this test, saying who each phone is)."""
    server = LiveServer(tmp_path / "proxied", behind_proxy="true")
    server.start()
    yield server
    server.stop()


def test_behind_a_proxy_the_live_channel_counts_each_phone_by_its_own_address(proxied):
    code = new_workshop(proxied)
    # More phones than one address may open live channels in a minute (30): each is its own address.
    phones = [Phone(proxied.url, code, address=f"10.1.{n // 200}.{n % 200 + 1}") for n in range(40)]
    try:
        assert [phone.refused for phone in phones] == [None] * 40
    finally:
        for phone in phones:
            phone.leave()
    # One phone that keeps reconnecting is still held back, by its own address.
    same = [Phone(proxied.url, code, address="10.2.0.9") for _ in range(31)]
    try:
        assert [phone.refused for phone in same[:30]] == [None] * 30
        assert same[30].refused is not None
    finally:
        for phone in same:
            phone.leave()


def test_behind_an_https_proxy_a_page_of_this_site_opens_the_live_channel(proxied):
    code = new_workshop(proxied)
    host = proxied.url.removeprefix("http://")
    phone = Phone(proxied.url, code, address="10.3.0.1", scheme="https", origin=f"https://{host}")
    stranger = Phone(proxied.url, code, address="10.3.0.2", scheme="https", origin="https://evil.example")
    try:
        assert phone.refused is None and wait_for(lambda: phone.snapshots)
        assert stranger.refused is not None
    finally:
        phone.leave()
        stranger.leave()


# ---- several workers on PostgreSQL and Redis ----------------------------------------------------------


def start_together(servers, *options):
    """Start the workers at the same moment, as a system manager does after a reboot."""
    failures = []

    def start(server):
        try:
            server.start(*options)
        except RuntimeError as error:
            failures.append(str(error))

    threads = [threading.Thread(target=start, args=(server,)) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two workers started together on an empty PostgreSQL database, sharing Redis and a secret key;
    127.0.0.1 is a phone on the Wi-Fi here, not the room PC."""
    services.require_postgres()
    services.require_redis()
    folder = tmp_path_factory.mktemp("cluster")
    shared = {
        "database_url": services.new_database(),
        "redis_url": services.REDIS,
        "redis_prefix": f"kiosk-test-{secrets.token_hex(4)}",
        "secret_key": secrets.token_hex(32),
        "trust_loopback": "false",
    }
    # No async mode asked: on PostgreSQL, Kiosk chooses gevent by itself.
    workers = [LiveServer(folder / f"worker{n}", async_mode=None, **shared) for n in (1, 2)]
    failures = start_together(workers)
    try:
        assert failures == []
        new_passphrase(workers[0], PASSPHRASE)
        yield workers
    finally:
        for worker in workers:
            worker.stop()
        services.forget_redis_keys(shared["redis_prefix"])


def test_workers_started_together_on_an_empty_database_all_serve(cluster):
    for worker in cluster:
        assert requests.get(worker.url + "/api/openapi.json", timeout=10).ok


def test_with_postgresql_each_worker_serves_with_gevent(cluster):
    for worker in cluster:
        loaded = Path(f"/proc/{worker.process.pid}/maps").read_text()
        assert "gevent" in loaded and "eventlet" not in loaded


def test_a_question_asked_on_one_worker_reaches_screens_on_the_other(cluster):
    first, second = cluster
    code = new_workshop(first)
    screen = Phone(second.url, code)
    try:
        assert wait_for(lambda: screen.snapshots)
        phone = requests.Session()
        assert phone.post(f"{first.url}/api/workshops/{code}/attendees", json=join()).status_code == 201
        assert ask(phone, first.url, code).status_code == 201
        assert wait_for(
            lambda: any(event["kind"] == "question" for c in screen.changes for event in c["events"])
        )
    finally:
        screen.leave()


def join(name="Marie"):
    return {"name": name, "client_id": client_id()}


def ask(phone, url, code, text="Comment envoyer une photo ?"):
    return phone.post(f"{url}/api/workshops/{code}/questions", json={"text": text, "client_id": client_id()})


def test_one_phones_question_limit_holds_across_workers(cluster):
    code = new_workshop(cluster[0])
    phone = requests.Session()  # one cookie for both workers: the proxy sends it to either
    assert phone.post(f"{cluster[0].url}/api/workshops/{code}/attendees", json=join()).status_code == 201
    answers = [ask(phone, cluster[n % 2].url, code, f"Question numéro {n}").status_code for n in range(6)]
    assert answers == [201] * 5 + [429]


def test_the_login_slow_down_holds_across_workers(cluster):
    guesser = requests.Session()
    answers = []
    for n in range(4):
        url = cluster[n % 2].url
        page = guesser.get(f"{url}/admin/login").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        answers.append(
            guesser.post(
                f"{url}/admin/login",
                data={"csrf_token": token, "passphrase": f"devinette {n}"},
                allow_redirects=False,
            ).status_code
        )
    assert answers == [401, 401, 401, 429]


def test_logging_out_the_other_devices_closes_their_console_on_another_worker(cluster):
    first, second = cluster
    code = new_workshop(first)
    lost_phone = moderator(second, code)
    console = Console(second, lost_phone, code)
    me = moderator(first, code)
    try:
        answer = me.post(f"{first.url}/api/workshops/{code}/moderators/logout-others", json={})
        assert answer.json() == {"logged_out": 1}
        assert console.closes_within(PROMISE + SLACK)
    finally:
        console.leave()


def test_the_redis_keys_hold_no_address(cluster):
    code = new_workshop(cluster[0])
    phone = requests.Session()
    phone.post(f"{cluster[0].url}/api/workshops/{code}/attendees", json=join())
    import redis

    with redis.Redis.from_url(services.REDIS, decode_responses=True) as client:
        prefix = cluster[0].env["KIOSK_REDIS_PREFIX"]
        names = list(client.scan_iter(match=f"*{prefix}*"))
    assert names and not [name for name in names if "127.0.0.1" in name]


# ---- one migrator, one purger ---------------------------------------------------------------------------


@services.needs_postgres
def test_serve_without_migrating_asks_for_kiosk_migrate_first(tmp_path):
    server = LiveServer(tmp_path / "worker", database_url=services.new_database(), async_mode=None)
    with pytest.raises(RuntimeError, match="kiosk migrate"):
        server.start("--no-migrate")
    assert "Base à jour" in server.run("migrate")
    server.start("--no-migrate")
    try:
        assert requests.get(server.url + "/api/openapi.json", timeout=10).ok
    finally:
        server.stop()


@services.needs_postgres
def test_eventlet_asked_with_postgresql_is_refused_in_plain_words(tmp_path):
    server = LiveServer(tmp_path / "worker", database_url=services.new_database(), async_mode="eventlet")
    with pytest.raises(RuntimeError, match="KIOSK_ASYNC_MODE=gevent"):
        server.start()
