"""What the workers of one Kiosk share: in Redis when `REDIS_URL` is set, else in this process's memory.

One room runs one process, which keeps everything in memory. A forum day runs several workers: a limit
counted per worker would be N times weaker, a login slow-down could be dodged by landing on another
worker, and a moderator's socket held by another worker could not be found to be closed. Nothing
personal goes to Redis: addresses and device ids are keyed hashes (limits.py), logins their hashes.
"""

import json
import threading
import time

from flask import current_app

from kiosk.web.backoff import FORGET_AFTER, Backoff, Entries


def redis():
    """This app's Redis client, or None when Kiosk runs as one process."""
    url = current_app.config["REDIS_URL"]
    if not url:
        return None
    client = current_app.extensions.get("kiosk.redis")
    if client is None:
        import redis as redis_client

        client = redis_client.Redis.from_url(url, decode_responses=True, health_check_interval=30)
        current_app.extensions["kiosk.redis"] = client
    return client


def key(*parts):
    """A Redis key of this Kiosk (`REDIS_PREFIX`), so that several may share one Redis."""
    return ":".join((current_app.config["REDIS_PREFIX"], *map(str, parts)))


class RedisEntries(Entries):
    """The login slow-down's counts, in Redis: every worker sees each failure, each forgets after a day."""

    def __init__(self, client, prefix, forget_after):
        self.client, self.prefix, self.forget_after = client, prefix, forget_after

    def read(self, key):
        found = self.client.hmget(f"{self.prefix}:{key}", "failures", "not_before")
        return int(found[0] or 0), float(found[1] or 0)

    def add_failure(self, key, moment):
        name = f"{self.prefix}:{key}"
        with self.client.pipeline() as pipe:  # MULTI: two workers counting at once both count
            pipe.hincrby(name, "failures", 1)
            pipe.expire(name, self.forget_after)
            return pipe.execute()[0]

    def hold(self, key, not_before):
        self.client.hset(f"{self.prefix}:{key}", "not_before", not_before)

    def forget(self, key):
        self.client.delete(f"{self.prefix}:{key}")


def login_backoff(local):
    """The login slow-down all workers share, or `local` (this process's) for one process."""
    client = redis()
    if client is None:
        return local
    # Wall-clock time: every worker reads the same waits.
    return Backoff(time.time, RedisEntries(client, key("login-failures"), FORGET_AFTER))


class LocalSockets:
    """The moderator sockets of this process: socket id -> (workshop id, login token hashes)."""

    def __init__(self):
        self.held = {}
        self.lock = threading.Lock()

    def add(self, sid, workshop_id, hashes):
        with self.lock:
            self.held[sid] = (workshop_id, list(hashes))

    def remove(self, sid):
        with self.lock:
            self.held.pop(sid, None)

    def items(self):
        with self.lock:
            return list(self.held.items())


class RedisSockets:
    """The moderator sockets of every worker, in one Redis hash: any worker can find and close them."""

    def __init__(self, client, name):
        self.client, self.name = client, name

    def add(self, sid, workshop_id, hashes):
        self.client.hset(self.name, sid, json.dumps([workshop_id, list(hashes)]))

    def remove(self, sid):
        self.client.hdel(self.name, sid)

    def items(self):
        return [(sid, tuple(json.loads(value))) for sid, value in self.client.hgetall(self.name).items()]


_local_sockets = LocalSockets()


def moderator_sockets():
    """The registry of moderator sockets opened with a login, shared by the workers when they share Redis."""
    client = redis()
    return _local_sockets if client is None else RedisSockets(client, key("moderator-sockets"))
