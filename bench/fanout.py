"""Fan-out benchmark: how fast a question reaches the LAST of N connected screens.

For each server mode (eventlet, gevent, threading) and each N (50, 200, 500), a real `kiosk serve` and a
bare python-socketio server run in turn on 127.0.0.1. N Socket.IO clients (one asyncio process) connect;
questions are posted through the HTTP API one at a time, and for each we time from the POST to the
moment the last client has it (p50, p95); then a burst measures questions per second delivered to all.
Kiosk's overhead is the ratio of its p95 to the bare server's. Also measures what a phone downloads to
open the participant page and the board. Usage: `make bench` (or `make bench BENCH_ARGS="--quick --clients 50"`).
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

from bench.harness import CHROMIUM, CHROMIUM_FLAGS, LiveServer, free_port  # noqa: E402

SAMPLES = 30
BURST = 50


class BareServer:
    """The bare python-socketio server of bench/bare_server.py in a subprocess."""

    def __init__(self, mode):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "bare_server.py"), mode, str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


async def wait_until_up(url):
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            try:
                async with http.get(url + "/socket.io/?EIO=4&transport=polling") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


def plain_client(_i):
    """A Socket.IO client of this process's own, from 127.0.0.1."""
    return socketio.AsyncClient(reconnection=False)


async def measure(url, n, post, auth=None, client=plain_client, deadline=10.0):
    """Connect n clients, then time each posted question until the last client has it.

    `post(http, text)` posts a question; `client(i)` makes the i-th client (its own address, its own
    cookies, as the caller needs); a question not at every client within `deadline` seconds is lost.
    """
    arrivals = {}  # question text -> list of arrival times
    clients = []

    def on_change(message):
        for event in message.get("events", []):
            text = event.get("data", {}).get("text") if isinstance(event.get("data"), dict) else None
            if text:
                arrivals.setdefault(text, []).append(time.perf_counter())

    for start in range(0, n, 50):
        batch = []
        for i in range(start, min(n, start + 50)):
            screen = client(i)
            screen.on("change", on_change)
            batch.append(screen.connect(url, auth=auth, transports=["websocket"], wait_timeout=30))
            clients.append(screen)
        await asyncio.gather(*batch)

    async def until_everyone(text, deadline=deadline):
        end = time.perf_counter() + deadline
        while len(arrivals.get(text, [])) < n and time.perf_counter() < end:
            await asyncio.sleep(0.0005)
        got = arrivals.get(text, [])
        return max(got) if len(got) == n else None

    latencies = []
    async with aiohttp.ClientSession() as http:
        for i in range(SAMPLES):
            text = f"sample {i} {time.time_ns()}"
            sent = time.perf_counter()
            await post(http, text)
            last = await until_everyone(text)
            if last is not None:
                latencies.append((last - sent) * 1000)
        texts = [f"burst {i} {time.time_ns()}" for i in range(BURST)]
        start = time.perf_counter()
        for text in texts:
            await post(http, text)
        lasts = [await until_everyone(text, deadline=60) for text in texts]
        done = [t for t in lasts if t is not None]
        burst_seconds = max(done) - start if done else float("nan")
    await asyncio.gather(*(c.disconnect() for c in clients))
    latencies.sort()
    return {
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "rate": BURST / burst_seconds,
        "lost": SAMPLES - len(latencies),
    }


def run_kiosk(mode, n):
    """Measure a real `kiosk serve` in this mode with n screens."""
    # Every screen of the benchmark comes from 127.0.0.1: no cap on connections per address.
    server = LiveServer(Path(tempfile.mkdtemp()) / "bench", async_mode=mode, max_connections_per_address="0")
    server.start()
    try:
        code = json.loads(
            server.run("workshop", "create", "--title", "Bench", "--capacity", "1000", "--json")
        )["code"]
        phone = {"cookies": None}

        async def post(http, text):
            if phone["cookies"] is None:
                async with http.post(
                    f"{server.url}/api/workshops/{code}/attendees",
                    json={"name": "Bench", "client_id": os.urandom(8).hex()},
                ) as response:
                    response.raise_for_status()
                phone["cookies"] = True
            async with http.post(
                f"{server.url}/api/workshops/{code}/questions",
                json={"text": text, "client_id": os.urandom(8).hex()},
            ) as response:
                response.raise_for_status()

        result = asyncio.run(
            measure(server.url, n, post, auth={"code": code, "role": "public", "since": None})
        )
        result["rss"] = psutil.Process(server.process.pid).memory_info().rss / 2**20
        return result
    finally:
        server.stop()


def run_bare(mode, n):
    """Measure the bare python-socketio server in this mode with n clients, same payload shape."""
    server = BareServer(mode)
    try:
        asyncio.run(wait_until_up(server.url))

        async def post(http, text):
            payload = {
                "seq": 1,
                "events": [{"kind": "question", "data": {"id": 1, "text": text, "status": "open"}}],
            }
            async with http.post(server.url + "/post", json=payload) as response:
                response.raise_for_status()

        result = asyncio.run(measure(server.url, n, post))
        result["rss"] = psutil.Process(server.process.pid).memory_info().rss / 2**20
        return result
    finally:
        server.stop()


def page_weight():
    """Bytes on the wire (compressed, all assets) to open the participant page and the board, in Chromium."""
    from playwright.sync_api import sync_playwright

    server = LiveServer(Path(tempfile.mkdtemp()) / "weight")
    server.start()
    weights = {}
    try:
        code = json.loads(server.run("workshop", "create", "--title", "Bench", "--json"))["code"]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for name, path in (("participant page", f"/w/{code}"), ("board", f"/w/{code}/board")):
                page = browser.new_context().new_page()
                page.goto(server.url + path, wait_until="networkidle")
                weights[name] = page.evaluate(
                    """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                         .filter(e => !e.name.includes('/socket.io/'))
                         .reduce((sum, e) => sum + e.transferSize, 0)"""
                )
                page.context.close()
            browser.close()
    finally:
        server.stop()
    return weights


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 and 200 clients, eventlet only")
    parser.add_argument("--clients", type=int, nargs="+", metavar="N", help="only these numbers of clients")
    args = parser.parse_args()
    modes = ["eventlet"] if args.quick else ["eventlet", "gevent", "threading"]
    sizes = args.clients or ([50, 200] if args.quick else [50, 200, 500])
    print(f"{os.cpu_count()} cores, {SAMPLES} timed questions, burst of {BURST}\n")
    print(
        "| N | mode | Kiosk last client p50 / p95 | bare p50 / p95 | p95 ratio | Kiosk questions/s | bare q/s | Kiosk RSS |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        for mode in modes:
            kiosk = run_kiosk(mode, n)
            bare = run_bare(mode, n)
            lost = f" ({kiosk['lost']} lost)" if kiosk["lost"] else ""
            print(
                f"| {n} | {mode} | {kiosk['p50']:.0f} / {kiosk['p95']:.0f} ms{lost} | {bare['p50']:.0f} / {bare['p95']:.0f} ms"
                f" | {kiosk['p95'] / bare['p95']:.2f}× | {kiosk['rate']:.0f} | {bare['rate']:.0f} | {kiosk['rss']:.0f} MB |",
                flush=True,
            )
    print("\n| page | bytes on the wire (compressed, all assets) |\n|---|---|")
    for name, size in page_weight().items():
        print(f"| {name} | {size / 1024:.1f} KB |")


if __name__ == "__main__":
    main()
