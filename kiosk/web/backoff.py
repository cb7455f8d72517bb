"""Progressive slow-down after failed passphrases, per source address, kept in memory only.

Each address has its own count, so a stranger on the Wi-Fi who keeps failing slows only themself:
the room PC (its own address) can always log in. Nothing of it is written to disk.
"""

import threading
import time

FREE_TRIES = 3
LONGEST_WAIT = 300  # seconds
FORGET_AFTER = 24 * 3600


class Backoff:
    """Failure counts and waiting times per key (a source address)."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.lock = threading.Lock()
        self.entries = {}  # key -> (failures, not_before, last_failure)

    def wait(self, key):
        """Seconds this key must still wait before its next try (0: it may try now)."""
        with self.lock:
            failures, not_before, _last = self.entries.get(key, (0, 0.0, 0.0))
        return max(0, int(not_before - self.clock() + 0.999))

    def failed(self, key):
        """Count a failure; returns the seconds to wait before the next try."""
        now = self.clock()
        with self.lock:
            self._forget_old(now)
            failures = self.entries.get(key, (0, 0.0, 0.0))[0] + 1
            delay = 0 if failures < FREE_TRIES else min(2 ** (failures - FREE_TRIES), LONGEST_WAIT)
            self.entries[key] = (failures, now + delay, now)
        return delay

    def succeeded(self, key):
        """A right passphrase wipes the key's count."""
        with self.lock:
            self.entries.pop(key, None)

    def _forget_old(self, now):
        for key in [k for k, (_f, _n, last) in self.entries.items() if now - last > FORGET_AFTER]:
            del self.entries[key]
