"""A forum day on this machine, set up as docs/deploy.md says: nginx in front of several `kiosk serve`
workers on PostgreSQL and Redis.

The blocks of docs/deploy.md are read and run as they are, with only the database name, the Redis
database number, the folders and the ports replaced: the tests (tests/test_deploy.py,
tests/test_cluster.py) and the bench use the very configuration the page gives.

As a bench (`make bench-cluster`, or `python bench/cluster.py --screens 300`): the same screens on one
worker with SQLite, then on 3 workers behind nginx; last screen p50 / p95 and questions per second.
"""

import argparse
import asyncio
import concurrent.futures
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import KIOSK, LiveServer, free_port  # noqa: E402

DEPLOY = ROOT / "docs" / "deploy.md"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# PostgreSQL and Redis of this machine (trust authentication on 127.0.0.1); each cluster makes its own
# database there, uses its own Redis database number and key prefix, and removes them when it stops.
POSTGRES = os.environ.get("KIOSK_CLUSTER_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
REDIS = os.environ.get("KIOSK_CLUSTER_REDIS", "redis://127.0.0.1:6379")


def doc_blocks():
    """The blocks of docs/deploy.md that name a file on their first line: {path: text}."""
    blocks = {}
    for body in re.findall(r"^```\w*\n(.*?)^```", DEPLOY.read_text(), re.S | re.M):
        first = body.splitlines()[0]
        if first.startswith("# /"):
            blocks[first[2:].strip()] = body
    return blocks


def doc_command(words):
    """The one command line of docs/deploy.md's shell blocks that contains `words`."""
    found = [
        line.strip()
        for body in re.findall(r"^```sh\n(.*?)^```", DEPLOY.read_text(), re.S | re.M)
        for line in body.splitlines()
        if words in line and not line.lstrip().startswith("#")
    ]
    assert len(found) == 1, (words, found)
    return found[0]


def settings_file():
    """The workers' settings from docs/deploy.md, as a dict."""
    text = doc_blocks()["/etc/kiosk/kiosk.env"]
    pairs = (line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {name: value for name, value in pairs}


def unit_command(unit, port=None):
    """The command a unit of docs/deploy.md starts (for the worker on `port`), run from this checkout."""
    text = doc_blocks()[f"/etc/systemd/system/{unit}"]
    (line,) = [line for line in text.splitlines() if line.startswith("ExecStart=")]
    argv = shlex.split(line.removeprefix("ExecStart=").replace("%i", str(port)))
    assert argv[0] == "/opt/kiosk/.venv/bin/kiosk", argv
    return [str(KIOSK), *argv[1:]]


def serve_options(port):
    """The worker unit's `kiosk serve` options beyond the address and port the harness gives itself."""
    argv = unit_command("kiosk@.service", port)
    assert argv[1] == "serve", argv
    options = argv[2:]
    for name, value in (("--host", "127.0.0.1"), ("--port", str(port))):
        at = options.index(name)
        assert options[at + 1] == value, options
        del options[at : at + 2]
    return options


class Database:
    """A PostgreSQL database of its own, dropped at the end."""

    def __init__(self, name):
        self.name = name
        self.url = f"{POSTGRES.replace('postgresql://', 'postgresql+psycopg://')}/{name}"

    def _admin(self, statement):
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(statement)

    def create(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Nginx:
    """Debian's nginx with the configuration of docs/deploy.md, as an ordinary user, in its own folder."""

    def __init__(self, worker_ports, port=None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Its own folder, which an unprivileged user can reach (pytest's folders are private to root).
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-nginx-"))
        self.folder.chmod(0o755)
        site = doc_blocks()["/etc/nginx/conf.d/kiosk.conf"]
        servers = re.findall(r"^ *server 127\.0\.0\.1:\d+;\n", site, re.M)
        site = site.replace("".join(servers), "".join(f"    server 127.0.0.1:{p};\n" for p in worker_ports))
        # Phones come from many loopback addresses (127.0.x.y); all of them reach 127.0.0.1.
        site = site.replace("listen 80;", f"listen 127.0.0.1:{self.port};")
        (self.folder / "kiosk.conf").write_text(site)
        temp = "\n".join(f"    {kind}_temp_path {self.folder}/{kind};" for kind in self.TEMP)
        (self.folder / "nginx.conf").write_text(
            f"worker_processes 2;\nworker_rlimit_nofile 8192;\npid {self.folder}/nginx.pid;\n"
            f"error_log {self.folder}/error.log;\nevents {{ worker_connections 4096; }}\n"
            # Which worker served each phone, for the tests of the sticky hash.
            f"http {{\n    log_format worker '$remote_addr $upstream_addr';\n"
            f"    access_log {self.folder}/access.log worker;\n{temp}\n"
            f"    include {self.folder}/kiosk.conf;\n}}\n"
        )
        self.process = None

    TEMP = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")

    def command(self, *args):
        """nginx with this folder's configuration, as an unprivileged user even when the tests run as root."""
        argv = [NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), *args]
        if os.geteuid() == 0:
            shutil.chown(self.folder, "nobody", "nogroup")
            for path in self.folder.iterdir():
                shutil.chown(path, "nobody", "nogroup")
            argv = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *argv]
        return argv

    def check(self):
        """`nginx -t`: the configuration is valid; returns what nginx says."""
        done = subprocess.run(self.command("-t"), capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        return done.stderr

    def start(self):
        self.process = subprocess.Popen(
            self.command("-g", "daemon off;"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/api/openapi.json", timeout=2)
                return
            except requests.ConnectionError:
                assert self.process.poll() is None, (self.folder / "error.log").read_text()
                time.sleep(0.1)
        raise RuntimeError("nginx did not start")

    def served(self):
        """{phone address: set of worker addresses} from the access log."""
        seen = {}
        for line in (self.folder / "access.log").read_text().splitlines():
            phone, worker = line.split(" ", 1)
            seen.setdefault(phone, set()).add(worker)
        return seen

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


class Cluster:
    """nginx, `workers` workers, a PostgreSQL database and a Redis database, all of their own."""

    def __init__(self, folder, workers=3, redis_db=12, name=None, **settings):
        self.folder = Path(folder)
        self.name = name or f"kiosk_cluster_{secrets.token_hex(4)}"
        self.database = Database(self.name)
        self.redis_url = f"{REDIS}/{redis_db}"
        env = settings_file()
        env.pop("KIOSK_INSTANCE_PATH")  # each worker keeps its log in a folder of its own
        env |= {
            "KIOSK_DATABASE_URL": self.database.url,
            "KIOSK_REDIS_URL": self.redis_url,
            "KIOSK_REDIS_PREFIX": self.name,
            "KIOSK_HOSTS": "localhost",
        }
        self.settings = {name.removeprefix("KIOSK_").lower(): value for name, value in env.items()}
        self.settings |= settings
        self.workers = [self._worker(i) for i in range(workers)]
        self.nginx = Nginx([w.port for w in self.workers])
        self.url = self.nginx.url

    def _worker(self, i):
        mode = self.settings["async_mode"]
        others = {k: v for k, v in self.settings.items() if k != "async_mode"}
        return LiveServer(self.folder / f"worker{i + 1}", async_mode=mode, **others)

    def start_worker(self, worker):
        """Start a worker with the unit's command line (systemd's Restart=always, after a crash)."""
        worker.start(*serve_options(worker.port))

    def redis(self):
        import redis

        return redis.Redis.from_url(self.redis_url)

    def start(self):
        """Create the database, bring it up to date (the migrate unit), start the workers (their unit)
        and nginx, as docs/deploy.md does."""
        self.database.create()
        self.forget_redis_keys()
        self.run(*unit_command("kiosk-migrate.service")[1:])
        for worker in self.workers:
            self.start_worker(worker)
        self.nginx.check()
        self.nginx.start()
        return self

    def run(self, *args, stdin=None):
        """Another `kiosk` command with the workers' settings (kiosk-admin in docs/deploy.md)."""
        return self.workers[0].run(*args, stdin=stdin)

    def stop(self):
        self.nginx.stop()
        for worker in self.workers:
            worker.stop()
        self.database.drop()
        self.forget_redis_keys()

    def forget_redis_keys(self):
        """Delete this cluster's keys only: other runs may share the Redis database."""
        with self.redis() as client:
            for name in client.scan_iter(match=f"*{self.name}*"):
                client.delete(name)


def run_async(coroutine):
    """Run a coroutine to its end in a thread of its own: the test process may already run an event
    loop in its main thread (Playwright's, once the browser tests have started it)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def phone_session(address):
    """An HTTP session (aiohttp) whose every connection leaves from `address` (127.0.x.y), with cookies."""
    import aiohttp

    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(local_addr=(address, 0), limit=0),
        cookie_jar=aiohttp.CookieJar(unsafe=True),  # cookies of an address, not a name
    )


def loopback(i):
    """The i-th phone's own address: 127.0.x.y, never 127.0.0.1 (the room PC itself)."""
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


# ---- The bench: the same screens on one worker with SQLite, then on 3 workers behind nginx. ----


async def screens_and_questions(url, code, n, moderator_link, first_address=0):
    """n screens connect (each from its own address); questions are timed until the last has them."""
    import socketio

    from bench import fanout

    sessions = []

    def screen(i):
        """The i-th screen, from its own address: fanout's own clients all leave from 127.0.0.1."""
        session = phone_session(loopback(first_address + i))
        sessions.append(session)
        return socketio.AsyncClient(reconnection=False, http_session=session)

    async with phone_session(loopback(first_address + n)) as asker:
        # The moderator types the questions: a signed-in moderator is not held to a phone's limits.
        token = moderator_link.rsplit("/m/", 1)[1]
        async with asker.get(f"{url}/m/{token}", allow_redirects=False) as response:
            assert response.status == 302, response.status

        async def post(_http, text):
            async with asker.post(
                f"{url}/api/workshops/{code}/questions", json={"text": text, "client_id": os.urandom(8).hex()}
            ) as response:
                response.raise_for_status()

        auth = {"code": code, "role": "public", "since": None}
        try:
            return await fanout.measure(url, n, post, auth=auth, client=screen, deadline=15.0)
        finally:
            await asyncio.gather(*(s.close() for s in sessions))


def new_workshop(run, capacity=1000):
    """A workshop (by default large enough for every screen) created in the terminal; returns its code."""
    return json.loads(run("workshop", "create", "--title", "Bench", "--capacity", str(capacity), "--json"))[
        "code"
    ]


def measure(server, n):
    """Start `server` (one worker, or a cluster), time n screens on a new workshop, stop it."""
    server.start()
    try:
        code = new_workshop(server.run)
        link = server.run("moderator-link", code).strip()
        return run_async(screens_and_questions(server.url, code, n, link))
    finally:
        server.stop()


def bench_one_worker(n):
    """One `kiosk serve` (eventlet, SQLite), as `make run` starts it."""
    return measure(LiveServer(Path(tempfile.mkdtemp()) / "one", max_connections_per_address="0"), n)


def bench_cluster(n, workers=3):
    """`workers` workers on PostgreSQL and Redis behind nginx, as docs/deploy.md sets them up."""
    return measure(Cluster(Path(tempfile.mkdtemp()) / "cluster", workers=workers, redis_db=14), n)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screens", type=int, default=300, help="screens connected (default 300)")
    parser.add_argument("--workers", type=int, default=3, help="workers behind nginx (default 3)")
    args = parser.parse_args()
    rows = [
        ("1 worker, SQLite (eventlet)", bench_one_worker(args.screens)),
        (f"{args.workers} workers, PostgreSQL + Redis, nginx", bench_cluster(args.screens, args.workers)),
    ]
    from bench.fanout import BURST, SAMPLES

    print(f"\n{os.cpu_count()} cores, {args.screens} screens, {SAMPLES} timed questions, burst of {BURST}\n")
    print("| set-up | last screen p50 / p95 | questions/s to all | lost |")
    print("|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['p50']:.0f} / {r['p95']:.0f} ms | {r['rate']:.0f} | {r['lost']} |")


if __name__ == "__main__":
    main()
