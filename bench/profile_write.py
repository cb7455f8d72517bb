"""Where a write's time goes: pyinstrument over questions, votes and check-ins posted in-process.

The app runs as `kiosk serve` builds it (its limiter on, a real SQLite file with its durable settings),
driven by Flask's test client so the profile shows Kiosk's own cost per write, not the network's.
Usage: `python bench/profile_write.py [--writes N] [--html FILE]`; prints the fixed cost per write and
pyinstrument's tree of where it went.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=300, help="questions posted (and as many votes)")
    parser.add_argument("--real-disk", dest="memory_disk", action="store_false", help="database on /tmp")
    parser.add_argument("--html", help="also write pyinstrument's HTML page here")
    args = parser.parse_args()
    from pyinstrument import Profiler

    # On a memory disk by default, so the profile shows CPU, not the fsync of a busy disk.
    parser_dir = "/dev/shm" if args.memory_disk and Path("/dev/shm").is_dir() else None
    folder = Path(tempfile.mkdtemp(dir=parser_dir)) / "instance"
    os.environ["KIOSK_INSTANCE_PATH"] = str(folder)
    from kiosk import create_app
    from kiosk.data.database import upgrade_schema
    from kiosk.extensions import db
    from kiosk.rules import workshops

    app = create_app({"ASYNC_MODE": "threading", "SECRET_KEY": "profile", "TRUST_LOOPBACK": False})
    with app.app_context():
        upgrade_schema()
        code = workshops.create("Profil", capacity=10000).code
        db.session.remove()
    # Each phone from its own address, as in the room: the limiter counts them apart, as it would.
    phones = []
    for i in range(args.writes + 20):
        phone = app.test_client()
        phone.environ_base["REMOTE_ADDR"] = f"127.0.{1 + i // 250}.{1 + i % 250}"
        phones.append(phone)

    def check_in(phone, i):
        cid = os.urandom(8).hex()
        answer = phone.post(f"/api/workshops/{code}/attendees", json={"name": f"P{i}", "client_id": cid})
        assert answer.status_code == 201, answer.get_data(as_text=True)

    def ask(phone, i):
        cid = os.urandom(8).hex()
        answer = phone.post(
            f"/api/workshops/{code}/questions", json={"text": f"Question {i} ?", "client_id": cid}
        )
        assert answer.status_code == 201, answer.get_data(as_text=True)
        return answer.json["id"]

    def vote(phone, question):
        answer = phone.post(f"/api/questions/{question}/vote", json={"client_id": os.urandom(8).hex()})
        assert answer.status_code in (200, 201), answer.get_data(as_text=True)

    # Warm up: templates, statements and caches, as a server that has been running a while.
    for i, phone in enumerate(phones[:20]):
        check_in(phone, i)
        ask(phone, i)
    half = (len(phones) - 20) // 2
    timings = {}

    def run(crowd):
        """Check-ins, then questions, then votes from this crowd; CPU and wall time per write of each."""

        def timed(name, writes):
            start, cpu = time.perf_counter(), time.process_time()
            done = writes()
            timings[name] = (
                (time.perf_counter() - start) / len(crowd),
                (time.process_time() - cpu) / len(crowd),
            )
            return done

        timed("check-in", lambda: [check_in(phone, i) for i, phone in enumerate(crowd)])
        ids = timed("question", lambda: [ask(phone, i) for i, phone in enumerate(crowd)])
        timed("vote", lambda: [vote(phone, q) for phone, q in zip(crowd, [*ids[1:], ids[0]], strict=True)])

    # Timed without the profiler (its own cost would be counted), then profiled on other phones.
    run(phones[20 : 20 + half])
    for name, (wall, cpu) in timings.items():
        print(f"{name}: {wall * 1000:.2f} ms per write, {cpu * 1000:.2f} ms CPU")
    profiler = Profiler(interval=0.001)
    profiler.start()
    run(phones[20 + half :])
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html())


if __name__ == "__main__":
    main()
