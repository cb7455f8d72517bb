"""Progressive slow-down after failed passphrases, per source address (hashed: limits.address).

Each address has its own count, so a stranger on the Wi-Fi who keeps failing slows only themself:
the room PC (its own address) can always log in. Counts are kept in memory, or in Redis when several
workers share them (shared.py); nothing of it is written to disk.
"""

import threading
import time

FREE_TRIES = 3
LONGEST_WAIT = 300  # seconds
FORGET_AFTER = 24 * 3600


class Entries:
    """Where failure counts live: this process's memory (a dict, forgotten a day after the last failure)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = {}  # key -> (failures, not_before, last_failure)

    def read(self, key):
        """(failures, not_before) of a key."""
        with self.lock:
            failures, not_before, _last = self.entries.get(key, (0, 0.0, 0.0))
        return failures, not_before

    def add_failure(self, key, moment):
        """Count one failure at `moment`; returns the key's count."""
        with self.lock:
            for old in [k for k, (_f, _n, last) in self.entries.items() if moment - last > FORGET_AFTER]:
                del self.entries[old]
            failures, not_before, _last = self.entries.get(key, (0, 0.0, 0.0))
            self.entries[key] = (failures + 1, not_before, moment)
        return failures + 1

    def hold(self, key, not_before):
        """No try for this key before `not_before`."""
        with self.lock:
            failures, _not_before, last = self.entries.get(key, (0, 0.0, 0.0))
            self.entries[key] = (failures, not_before, last)

    def forget(self, key):
        """Wipe a key's count."""
        with self.lock:
            self.entries.pop(key, None)


class Backoff:
    """Failure counts and waiting times per key (a source address)."""

    def __init__(self, clock=time.monotonic, entries=None):
        self.clock = clock
        self.entries = Entries() if entries is None else entries

    def wait(self, key):
        """Seconds this key must still wait before its next try (0: it may try now)."""
        _failures, not_before = self.entries.read(key)
        return max(0, int(not_before - self.clock() + 0.999))

    def failed(self, key):
        """Count a failure; returns the seconds to wait before the next try."""
        now = self.clock()
        failures = self.entries.add_failure(key, now)
        delay = 0 if failures < FREE_TRIES else min(2 ** (failures - FREE_TRIES), LONGEST_WAIT)
        self.entries.hold(key, now + delay)
        return delay

    def succeeded(self, key):
        """A right passphrase wipes the key's count."""
        self.entries.forget(key)
