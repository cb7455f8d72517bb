"""docs/deploy.md, run as written: its settings, worker unit, nginx configuration, passphrase script and
backups, with two workers on PostgreSQL and Redis behind Debian's nginx."""

import asyncio
import re
import subprocess

import pytest
import requests
import socketio

from bench.cluster import Cluster, doc_blocks, doc_command, loopback, new_workshop, phone_session, run_async

from .helpers import KIOSK, PASSPHRASE, csrf_token

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two workers behind nginx, on a PostgreSQL database and a Redis database of their own."""
    running = Cluster(tmp_path_factory.mktemp("deploy"), workers=2, redis_db=12).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def kiosk_admin(cluster, tmp_path_factory):
    """The page's kiosk-admin script, reading the page's settings file with this cluster's values."""
    folder = tmp_path_factory.mktemp("etc")
    settings = folder / "kiosk.env"
    settings.write_text(
        "".join(f"KIOSK_{name.upper()}={value}\n" for name, value in cluster.settings.items())
        + f"KIOSK_INSTANCE_PATH={folder}\n"
    )
    script = folder / "kiosk-admin"
    script.write_text(
        doc_blocks()["/usr/local/bin/kiosk-admin"]
        .replace("/etc/kiosk/kiosk.env", str(settings))
        .replace("/opt/kiosk/.venv/bin/kiosk", str(KIOSK))
    )

    def run(*args, stdin=None):
        return subprocess.run(
            ["sh", str(script), *args], input=stdin, capture_output=True, text=True, timeout=60, check=True
        )

    run.script = script
    return run


def test_nginx_takes_the_pages_configuration(cluster):
    assert "syntax is ok" in cluster.nginx.check()
    site = doc_blocks()["/etc/nginx/conf.d/kiosk.conf"]
    assert "hash $remote_addr consistent;" in site
    assert not re.search(r"^\s*ip_hash", site, re.M)


def test_every_setting_of_the_page_is_one_kiosk_knows(cluster):
    from kiosk.config import DEFAULTS

    env = doc_blocks()["/etc/kiosk/kiosk.env"]
    names = re.findall(r"^KIOSK_(\w+)=", env, re.M)
    assert {"DATABASE_URL", "REDIS_URL", "BEHIND_PROXY", "SECRET_KEY"} <= set(names)
    for name in names:
        assert name in DEFAULTS or name in ("SECRET_KEY", "INSTANCE_PATH", "ASYNC_MODE"), name


async def phones_connect(url, code, count, transport):
    """`count` phones from their own addresses open the live channel with `transport`; returns how many
    received the workshop's state."""
    received = 0

    async def one(i):
        nonlocal received
        async with phone_session(loopback(i)) as session:
            client = socketio.AsyncClient(reconnection=False, http_session=session)
            got = asyncio.Event()
            client.on("snapshot", lambda state: got.set())
            await client.connect(
                url, auth={"code": code, "role": "public"}, transports=[transport], wait_timeout=30
            )
            await asyncio.wait_for(got.wait(), 30)
            received += 1
            await client.disconnect()

    await asyncio.gather(*(one(i) for i in range(count)))
    return received


# python-engineio's long-polling client drops its last pending request to aiohttp's garbage collector.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in.*Connection.__del__:pytest.PytestUnraisableExceptionWarning"
)
def test_phones_keep_their_worker_and_a_room_spreads_over_all_of_them(cluster):
    code = new_workshop(cluster.run)
    # Long-polling sends several requests that the worker which opened the channel must answer.
    assert run_async(phones_connect(cluster.url, code, 40, "polling")) == 40
    assert run_async(phones_connect(cluster.url, code, 10, "websocket")) == 10
    served = cluster.nginx.served()
    room = {phone: workers for phone, workers in served.items() if phone.startswith("127.0.1.")}
    assert len(room) == 40
    assert all(len(workers) == 1 for workers in room.values()), room
    # One Wi-Fi (a /24) reaches every worker: not ip_hash.
    assert len(set().union(*room.values())) == 2


def test_behind_nginx_the_pcs_own_browser_is_not_the_room_pc(cluster):
    # nginx connects from this very PC: trusting loopback would give every phone the room PC's rights.
    page = requests.get(cluster.url + "/admin/setup", timeout=10)
    assert page.status_code == 403
    assert "<code>kiosk passphrase</code>" in page.text  # the terminal's command, not a form
    assert 'type="password"' not in page.text


def test_the_first_passphrase_is_set_in_the_terminal_and_opens_the_forum_day(cluster, kiosk_admin):
    command = doc_command("kiosk-admin passphrase").split()
    assert command[:3] == ["sudo", "-u", "kiosk"] and command[3] == "kiosk-admin"
    said = kiosk_admin(*command[4:], stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert "Phrase secrète changée" in said.stdout
    organiser = requests.Session()
    for i in range(3):  # whichever worker answers, the login holds: they share the secret key
        response = organiser.post(
            cluster.url + "/admin/login",
            data={
                "csrf_token": csrf_token(organiser, cluster.url + "/admin/login"),
                "passphrase": PASSPHRASE,
            },
            allow_redirects=False,
        )
        assert response.status_code == 302, (i, response.text)
    day = organiser.get(cluster.url + "/admin/day", timeout=10)
    assert "Tous les ateliers du jour" in day.text
    assert "Bench" in day.text


def test_a_backup_made_as_the_page_says_puts_the_forum_back(cluster, kiosk_admin, tmp_path):
    command = doc_command("kiosk-admin backup").split()
    assert command[:4] == ["sudo", "-u", "kiosk", "kiosk-admin"]
    said = kiosk_admin(*command[4:], str(tmp_path))
    (dump,) = tmp_path.glob("kiosk-*.dump")
    assert str(dump) in said.stdout

    kept = new_workshop(cluster.run)
    backup = kiosk_admin("backup", str(tmp_path / "later.dump"))
    lost = new_workshop(cluster.run)
    assert backup.returncode == 0
    for worker in cluster.workers:
        worker.stop()  # "stop the workers first"
    restore = doc_command("kiosk-admin restore").split()
    assert restore[:4] == ["sudo", "-u", "kiosk", "kiosk-admin"] and restore[-1].endswith(".dump")
    refused = subprocess.run(
        ["sh", str(kiosk_admin.script), *restore[4:-1], str(tmp_path / "later.dump")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # On PostgreSQL it names the command to run, which is run as it says.
    (pg_restore,) = re.findall(r"pg_restore .*\.dump", refused.stderr)
    subprocess.run(pg_restore.split(), check=True, capture_output=True, timeout=120)
    for worker in cluster.workers:
        cluster.start_worker(worker)
    assert requests.get(f"{cluster.url}/api/workshops/{kept}", timeout=10).status_code == 200
    assert requests.get(f"{cluster.url}/api/workshops/{lost}", timeout=10).status_code == 404
