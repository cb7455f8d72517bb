"""A crowd of phones, as a room has them: Kiosk against a bare python-socketio server, same run, same machine.

Each phone comes from its own loopback address (127.0.x.y), never the room PC's: it checks in over HTTP
(its cookie, as a browser keeps it), opens its live channel, keeps its change number as live.js does,
asks for what it missed at a gap in the numbers and reconnects with `since`. What is measured, for Kiosk
and the bare server in turn:
- arrival: N phones arriving over a ramp while questions are posted; question to last phone p50 / p95;
- steady: several posters at once, some phones voting; question to last phone p50 / p95;
- CPU per change at 0, 50, 200 and 500 phones (the server process's CPU time over a burst);
- a reconnect storm: every phone drops and comes back with `since` on a board of many questions
  (time until the last one holds the latest change, and bytes received; Kiosk only);
- lost samples (a question that did not reach every phone within the deadline) and the harness's CPU.
Each measure is repeated; medians and the spread (min–max) are printed. `--busy` keeps both cores busy
with two other processes during the run. Usage: `make bench` (quick: `make bench BENCH_ARGS=--quick`).
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import psutil
import socketio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.fanout import BareServer, wait_until_up  # noqa: E402
from bench.harness import LiveServer  # noqa: E402

DEADLINE = 15.0  # seconds a question may take to reach every phone before it counts as lost


def address(index):
    """Phone `index`'s own loopback address: 127.0.1.1, 127.0.1.2 … (never 127.0.0.1, the room PC)."""
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


class Tally:
    """When each question reached how many phones, and the bytes the phones received."""

    def __init__(self):
        self.arrivals = {}
        self.bytes = 0
        self.retries = 0
        self.gaps = 0

    def heard(self, phone, message):
        """What `phone` received; a question it already had (live and again in a catch-up) counts once."""
        self.bytes += len(json.dumps(message, ensure_ascii=False).encode())
        changes = message.get("changes") or [message]
        for change in changes:
            for event in change.get("events") or []:
                text = (event.get("data") or {}).get("text")
                if text:
                    got = self.arrivals.setdefault(text, [set(), 0.0])
                    if phone not in got[0]:
                        got[0].add(phone)
                        got[1] = time.perf_counter()

    async def reached(self, text, phones, deadline=DEADLINE):
        """Seconds of the moment the last of `phones` had `text`, or None if it did not within the deadline."""
        end = time.perf_counter() + deadline
        while time.perf_counter() < end:
            got = self.arrivals.get(text)
            if got and len(got[0]) >= phones:
                return got[1]
            await asyncio.sleep(0.001)
        return None


class Phone:
    """One phone: its own address, its cookies, its live channel and the change number it holds."""

    deflate = True

    def __init__(self, index, url, tally, auth=None):
        self.index, self.url, self.tally, self.auth = index, url, tally, auth
        connector = aiohttp.TCPConnector(local_addr=(address(index), 0))
        self.http = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.sio = None
        self.seq = None
        self.caught_up = asyncio.Event()

    async def check_in(self, code):
        """Check in; a 5xx is sent again a second later with the same id, as the page's outbox does."""
        body = {"name": f"Téléphone {self.index}", "client_id": os.urandom(8).hex()}
        for _ in range(30):
            async with self.http.post(f"{self.url}/api/workshops/{code}/attendees", json=body) as response:
                if response.status < 500:
                    response.raise_for_status()
                    return
            self.tally.retries += 1
            await asyncio.sleep(1)
        raise RuntimeError(f"phone {self.index} could not check in")

    async def connect(self, since=None, attempts=5):
        """Open the live channel; a refused or failed attempt is tried again a second later, as
        socket.io does in a browser (counted in `retries`)."""
        for attempt in range(attempts):
            try:
                return await self._connect(since)
            except socketio.exceptions.ConnectionError:
                if attempt == attempts - 1:
                    raise
                self.tally.retries += 1
                await asyncio.sleep(1)

    async def _connect(self, since):
        # Offering permessage-deflate, as every browser's WebSocket does: what the server then compresses
        # is part of what a phone costs it.
        options = {"compress": 15} if self.deflate else {}
        self.sio = socketio.AsyncClient(
            reconnection=False, http_session=self.http, websocket_extra_options=options
        )
        self.caught_up.clear()

        syncing = [False]

        def snapshot(state):
            self.tally.heard(self.index, state)
            syncing[0] = False
            self.seq = state.get("seq")
            self.caught_up.set()

        def catchup(message):
            self.tally.heard(self.index, message)
            syncing[0] = False
            for change in message["changes"]:
                self.seq = max(self.seq or 0, change["seq"])
            self.caught_up.set()

        async def change(message):
            self.tally.heard(self.index, message)
            if self.seq is None:
                return
            if message.get("prev", message["seq"] - 1) <= self.seq:
                self.seq = max(self.seq, message["seq"])
            elif not syncing[0]:
                # A change was missed: ask for it, as the page does (counted in `gaps`), and again a second
                # later if the server says it asks too often.
                syncing[0] = True
                self.tally.gaps += 1
                await ask_for_what_was_missed()

        def refused(answer=None):
            if answer is False:
                asyncio.get_running_loop().call_later(
                    1.0, lambda: asyncio.ensure_future(ask_for_what_was_missed())
                )

        async def ask_for_what_was_missed():
            await self.sio.emit("sync", {"since": self.seq}, callback=refused)

        self.sio.on("snapshot", snapshot)
        self.sio.on("catchup", catchup)
        self.sio.on("change", change)
        auth = None if self.auth is None else self.auth | {"since": since}
        await self.sio.connect(self.url, auth=auth, transports=["websocket"], wait_timeout=30)

    async def drop(self):
        await self.sio.disconnect()

    async def close(self):
        if self.sio is not None and self.sio.connected:
            await self.sio.disconnect()
        await self.http.close()


class Target:
    """Kiosk or the bare server, seen the same way by the phones and the posters."""

    async def start(self):
        raise NotImplementedError

    async def post(self, text):
        raise NotImplementedError


class Kiosk(Target):
    name = "Kiosk"

    slow_disk = 0.0

    def __init__(self, posters):
        # Phones come from 127.0.x.y: the room PC's trust is off, the posters sign in as moderators.
        self.server = LiveServer(
            Path(tempfile.mkdtemp()) / "crowd", trust_loopback="false", slow_disk_seconds=str(self.slow_disk)
        )
        self.posters = posters

    async def start(self):
        self.server.start()
        self.url = self.server.url
        self.code = json.loads(
            self.server.run("workshop", "create", "--title", "Banc", "--capacity", "1000", "--json")
        )["code"]
        self.auth = {"code": self.code, "role": "public"}
        self.process = psutil.Process(self.server.process.pid)
        self.sessions = []
        for _ in range(self.posters):
            token = self.server.run("moderator-link", self.code).strip().split("/m/")[-1]
            session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
            async with session.get(f"{self.url}/m/{token}", allow_redirects=False) as response:
                assert response.status == 302, await response.text()
            self.sessions.append(session)
        self.turn = 0

    async def post(self, text):
        self.turn += 1
        session = self.sessions[self.turn % len(self.sessions)]
        async with session.post(
            f"{self.url}/api/workshops/{self.code}/questions",
            json={"text": text, "client_id": os.urandom(8).hex()},
        ) as response:
            response.raise_for_status()
            self.last_id = (await response.json())["id"]

    async def vote(self, phone):
        """A phone's "moi aussi" on the latest question, from its own address."""
        async with phone.http.post(
            f"{self.url}/api/questions/{self.last_id}/vote", json={"client_id": os.urandom(8).hex()}
        ) as response:
            return response.status

    async def stop(self):
        for session in self.sessions:
            await session.close()
        self.server.stop()


class Bare(Target):
    name = "bare"

    def __init__(self, posters):
        self.bare = BareServer("eventlet")
        self.auth = None
        self.seq = 0

    async def start(self):
        self.url = self.bare.url
        await wait_until_up(self.url)
        self.process = psutil.Process(self.bare.process.pid)
        self.session = aiohttp.ClientSession()

    async def post(self, text):
        self.seq += 1
        payload = {
            "seq": self.seq,
            "events": [{"kind": "question", "data": {"id": self.seq, "text": text, "status": "open"}}],
        }
        async with self.session.post(self.url + "/post", json=payload) as response:
            response.raise_for_status()

    async def vote(self, phone):
        """The same change a vote makes, broadcast to everyone (no text: not a timed question)."""
        self.seq += 1
        payload = {"seq": self.seq, "events": [{"kind": "question", "data": {"id": 1, "votes": self.seq}}]}
        async with self.session.post(self.url + "/post", json=payload) as response:
            return response.status

    async def stop(self):
        await self.session.close()
        self.bare.stop()


def pct(values, q):
    values = sorted(values)
    return values[int(q * (len(values) - 1))] if values else float("nan")


async def timed_posts(target, tally, count, phones, posters=1, gap=0.0):
    """Post `count` questions from `posters` at once; latencies (ms) to the last phone and how many were lost."""
    latencies, lost = [], 0

    async def poster(p):
        nonlocal lost
        for i in range(p, count, posters):
            text = f"q{p}-{i}-{time.time_ns()}"
            expected = phones() if callable(phones) else phones
            sent = time.perf_counter()
            await target.post(text)
            last = await tally.reached(text, expected) if expected else time.perf_counter()
            if last is None:
                lost += 1
            else:
                latencies.append((last - sent) * 1000)
            await asyncio.sleep(gap)

    await asyncio.gather(*(poster(p) for p in range(posters)))
    return latencies, lost


async def reads(target, latencies):
    """A screen reading the workshop every 50 ms while others write: a frozen server shows here."""
    async with aiohttp.ClientSession() as http:
        while True:
            start = time.perf_counter()
            async with http.get(f"{target.url}/api/workshops/{target.code}") as response:
                await response.read()
            latencies.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(0.05)


async def votes(target, voters):
    """Votes from these phones in turn until cancelled."""
    turn = 0
    while voters:
        await target.vote(voters[turn % len(voters)])
        turn += 1
        await asyncio.sleep(0.05)


async def run_once(kind, n, args):
    """One run against `kind` with n phones: arrival, steady, CPU per change, reconnect storm."""
    tally = Tally()
    target = kind(args.posters)
    await target.start()
    harness = psutil.Process()
    harness_cpu = harness.cpu_times()
    phones = [Phone(i, target.url, tally, target.auth) for i in range(n)]
    result = {}
    try:
        # Arrival: phones check in and connect over the ramp while a poster posts.
        connected = [0]

        async def arrive(phone, at):
            await asyncio.sleep(at)
            if isinstance(target, Kiosk):
                await phone.check_in(target.code)
            await phone.connect()
            await phone.caught_up.wait() if isinstance(target, Kiosk) else None
            connected[0] += 1

        ramp = asyncio.gather(*(arrive(p, i * args.ramp / max(n, 1)) for i, p in enumerate(phones)))
        posting = asyncio.create_task(
            timed_posts(target, tally, max(1, int(args.ramp / 0.25)), lambda: connected[0], gap=0.25)
        )
        await ramp
        result["arrival"], lost_arrival = await posting
        # Steady: several posters at once while a tenth of the phones vote, one vote every 50 ms.
        voting = asyncio.create_task(votes(target, phones[: max(1, n // 10)] if n else []))
        result["reads"] = []
        reading = asyncio.create_task(reads(target, result["reads"])) if isinstance(target, Kiosk) else None
        result["steady"], lost_steady = await timed_posts(
            target, tally, args.samples, n, posters=args.posters
        )
        for task in (voting, reading):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        result["lost"] = lost_arrival + lost_steady
        # CPU per change: the server's CPU time over a burst, every phone receiving each change.
        before = target.process.cpu_times()
        _latencies, lost_burst = await timed_posts(target, tally, args.burst, n, posters=args.posters)
        result["cpu_ms"] = cpu_since(target.process, before) * 1000 / args.burst
        result["lost"] += lost_burst
        # Reconnect storm: every phone drops, changes happen, all come back at once. On Kiosk the board
        # grows first, and the phones come back with `since`, then again as a snapshot for everyone; the
        # bare server greets each with one message: what reconnecting costs without Kiosk.
        if n and args.board:
            kiosk = isinstance(target, Kiosk)
            if kiosk:
                await asyncio.gather(*(timed_posts(target, tally, args.board // 4, 0) for _ in range(4)))
                # One more, until every phone has it: the phones drop holding the whole board, as a room
                # whose Wi-Fi blinks does (each connection delivers in order).
                _latency, lost_board = await timed_posts(target, tally, 1, n)
                result["lost"] += lost_board
            await asyncio.gather(*(p.drop() for p in phones))
            for i in range(3):
                await target.post(f"pendant la coupure {i} {time.time_ns()}")
            for name, since in (("storm", True), ("snapshots", False)) if kiosk else (("storm", True),):
                if name == "snapshots":
                    await asyncio.gather(*(p.drop() for p in phones))
                held = [p.seq if since else None for p in phones]
                tally.bytes = 0
                server, ours = target.process.cpu_times(), harness.cpu_times()
                start = time.perf_counter()
                await asyncio.gather(*(p.connect(since=s) for p, s in zip(phones, held, strict=True)))
                await asyncio.gather(*(asyncio.wait_for(p.caught_up.wait(), DEADLINE) for p in phones))
                result[f"{name}_s"] = time.perf_counter() - start
                result[f"{name}_bytes"] = tally.bytes
                # Both share the machine's two cores: what each spent tells the server's part of the time
                # (up to the moment the last phone caught up: work the server still had queued is not in it).
                result[f"{name}_server_cpu"] = cpu_since(target.process, server)
                result[f"{name}_harness_cpu"] = cpu_since(harness, ours)
        result["rss"] = target.process.memory_info().rss / 2**20
        result["retries"] = tally.retries
        result["gaps"] = tally.gaps
    finally:
        await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)
        result["harness_cpu"] = cpu_since(harness, harness_cpu)
        await target.stop()
    return result


def cpu_since(process, before):
    """Seconds of CPU `process` spent since `before` (its cpu_times then)."""
    now = process.cpu_times()
    return (now.user + now.system) - (before.user + before.system)


def spread(values, unit="", digits=0):
    values = [v for v in values if v == v]
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}{unit}"
    return f"{statistics.median(values):.{digits}f}{unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def measure(kind, n, args):
    runs = [asyncio.run(run_once(kind, n, args)) for _ in range(args.repeats)]
    return {
        "arrival_p50": [statistics.median(r["arrival"]) if r["arrival"] else float("nan") for r in runs],
        "arrival_p95": [pct(r["arrival"], 0.95) for r in runs],
        "steady_p50": [statistics.median(r["steady"]) if r["steady"] else float("nan") for r in runs],
        "steady_p95": [pct(r["steady"], 0.95) for r in runs],
        "cpu_ms": [r["cpu_ms"] for r in runs],
        "lost": sum(r["lost"] for r in runs),
        "retries": sum(r.get("retries", 0) for r in runs),
        "gaps": sum(r.get("gaps", 0) for r in runs),
        "harness_cpu": [r["harness_cpu"] for r in runs],
        "storm_ms": [r["storm_s"] * 1000 for r in runs if "storm_s" in r],
        "storm_kb": [r["storm_bytes"] / 1024 for r in runs if "storm_bytes" in r],
        "storm_server_ms": [r["storm_server_cpu"] * 1000 for r in runs if "storm_server_cpu" in r],
        "storm_harness_ms": [r["storm_harness_cpu"] * 1000 for r in runs if "storm_harness_cpu" in r],
        "snapshots_server_ms": [
            r["snapshots_server_cpu"] * 1000 for r in runs if "snapshots_server_cpu" in r
        ],
        "snapshots_harness_ms": [
            r["snapshots_harness_cpu"] * 1000 for r in runs if "snapshots_harness_cpu" in r
        ],
        "snapshots_ms": [r["snapshots_s"] * 1000 for r in runs if "snapshots_s" in r],
        "snapshots_kb": [r["snapshots_bytes"] / 1024 for r in runs if "snapshots_bytes" in r],
        "rss": [r["rss"] for r in runs],
        "reads_p95": [pct(r["reads"], 0.95) for r in runs if r["reads"]],
    }


def busy_cores(count):
    """Processes that keep `count` cores busy, as the projector's browser and other programs would."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat, 50 and 200 phones, short ramp")
    parser.add_argument("--phones", type=int, nargs="+", metavar="N", help="only these crowd sizes")
    parser.add_argument("--repeats", type=int, help="runs of each measure (default 3, quick 1)")
    parser.add_argument("--ramp", type=float, default=8.0, help="seconds over which the phones arrive")
    parser.add_argument("--samples", type=int, default=30, help="timed questions once everyone is in")
    # 90 changes: the kernel counts CPU time in 10 ms ticks, so a burst of 30 could only tell 0.33 ms apart.
    parser.add_argument(
        "--burst", type=int, default=90, help="questions over which CPU per change is measured"
    )
    parser.add_argument("--posters", type=int, default=3, help="moderators posting at once")
    parser.add_argument(
        "--board", type=int, default=250, help="questions on the board before the reconnect storm"
    )
    parser.add_argument(
        "--slow-disk", type=float, default=0.0, metavar="S", help="add S seconds to every commit"
    )
    parser.add_argument("--busy", action="store_true", help="keep both cores busy with two other processes")
    parser.add_argument(
        "--no-deflate", action="store_true", help="phones do not offer permessage-deflate (browsers do)"
    )
    args = parser.parse_args()
    args.repeats = args.repeats or (1 if args.quick else 3)
    sizes = args.phones or ([0, 50, 200] if args.quick else [0, 50, 200, 500])
    Kiosk.slow_disk = args.slow_disk
    Phone.deflate = not args.no_deflate
    hogs = busy_cores(2) if args.busy else []
    try:
        load = os.getloadavg()[0]
        print(
            f"{os.cpu_count()} cores, load average {load:.1f} at start{', both cores kept busy' if args.busy else ''};"
            f" {args.repeats} run(s) each, median (min–max); ramp {args.ramp:.0f} s, {args.posters} posters,"
            f" {args.samples} timed questions, burst of {args.burst}"
            f"{f', every commit {args.slow_disk * 1000:.0f} ms slower' if args.slow_disk else ''}"
            f"; phones {'offering' if Phone.deflate else 'not offering'} permessage-deflate\n"
        )
        print(
            "| phones | server | arrival: last phone p50 / p95 | steady: p50 / p95 | CPU per change |"
            " lost | harness CPU | RSS | a read while they write, p95 |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        storms = []
        for n in sizes:
            for kind in (Kiosk, Bare):
                r = measure(kind, n, args)
                retried = f" ({r['retries']} check-ins or connections tried again)" if r["retries"] else ""
                retried += f" ({r['gaps']} gaps asked for again)" if r["gaps"] else ""
                print(
                    f"| {n} | {kind.name} | {spread(r['arrival_p50'])} / {spread(r['arrival_p95'], ' ms')}"
                    f" | {spread(r['steady_p50'])} / {spread(r['steady_p95'], ' ms')}"
                    f" | {statistics.median(r['cpu_ms']):.2f} ms | {r['lost']}{retried} | {spread(r['harness_cpu'], ' s', 1)}"
                    f" | {spread(r['rss'], ' MB')} | {spread(r['reads_p95'], ' ms')} |",
                    flush=True,
                )
                if r["storm_ms"]:
                    storms.append((n, kind, r))
        if storms:
            print(
                f"\nReconnect storm: every phone drops and comes back at once with `since`, {args.board} questions"
            )
            print(
                "| phones | reconnect | until the last one holds the latest change | received by all phones |"
                " server CPU | harness CPU |"
            )
            print("|---|---|---|---|---|---|")
            for n, kind, r in storms:
                rows = (
                    [("bare: each greeted with one message", "storm", False)]
                    if kind is Bare
                    else [("with `since`", "storm", True), ("snapshot", "snapshots", True)]
                )
                for label, name, sized in rows:
                    received = spread(r[f"{name}_kb"], " KB") if sized else "–"
                    print(
                        f"| {n} | {label} | {spread(r[f'{name}_ms'], ' ms')} | {received}"
                        f" | {spread(r[f'{name}_server_ms'], ' ms')} | {spread(r[f'{name}_harness_ms'], ' ms')} |"
                    )
    finally:
        for hog in hogs:
            hog.kill()


if __name__ == "__main__":
    main()
