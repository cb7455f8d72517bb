"""Configuration in three layers: defaults, then instance/config.py, then KIOSK_* environment variables."""

import os
import secrets
from datetime import timedelta

from kiosk.rules.logins import Expiry

DEFAULTS = {
    # Where the database lives; None means kiosk.sqlite3 in the instance folder.
    "DATABASE_URL": None,
    # eventlet, gevent or threading; `kiosk serve` reads KIOSK_ASYNC_MODE before anything is imported.
    "ASYNC_MODE": "threading",
    # The port `kiosk serve` listens on, and that printed addresses use.
    "PORT": 5000,
    # Extra host names this PC is served as (e.g. "kiosk.local"); its own addresses are always accepted.
    "HOSTS": [],
    # The room PC's own browser may moderate without typing. Must be off behind a reverse proxy.
    "TRUST_LOOPBACK": True,
    "BEHIND_PROXY": False,
    # What one device may hold of the server (kiosk/serving.py, SECURITY.md). The room PC with board,
    # door and console tabs uses about 20 connections; each phone one live channel and a few short ones.
    "MAX_CONNECTIONS_PER_ADDRESS": 200,
    # Seconds for a request's line and headers to arrive, and for a keep-alive connection to be reused.
    "HEADER_TIMEOUT": 10,
    # Seconds any other read may wait; screens speak every 10 s on the live channel.
    "IDLE_TIMEOUT": 60,
    # Fixed address for phones, when the automatic LAN address is not the right one.
    "BASE_URL": None,
    # Several workers (a forum day): the Redis they share (e.g. redis://127.0.0.1:6379/0) for the live
    # channel's message queue, the rate limits, the login slow-down and the moderator sockets.
    "REDIS_URL": None,
    # Kiosk's keys in that Redis start with this, so that several Kiosks may share one.
    "REDIS_PREFIX": "kiosk",
    # The address `kiosk serve --host` listens on (set by it): 127.0.0.1 means phones cannot join.
    "SERVED_HOST": None,
    # Socket.IO message queue; REDIS_URL unless set otherwise.
    "MESSAGE_QUEUE": None,
    "MODERATOR_LINK_SECONDS": 120,
    # Seconds each page of open questions stays on the board before the next one, when they do not all fit.
    "BOARD_PAGE_SECONDS": 15,
    # Feedback is taken in the feedback step and this many minutes after the workshop closes.
    "FEEDBACK_GRACE_MINUTES": 30,
    # Logins end by themselves: the organiser's after this many hours without use, a moderator's
    # this many hours after their workshop was closed. Fractions of an hour are allowed.
    "ORGANISER_IDLE_HOURS": Expiry.organiser_idle_hours,
    "MODERATOR_HOURS_AFTER_CLOSE": Expiry.moderator_hours_after_close,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_NAME": "kiosk",
    "PERMANENT_SESSION_LIFETIME": timedelta(days=365),
    # A year-long cookie needs no new signature with every answer: it is sent again only when it changes.
    "SESSION_REFRESH_EACH_REQUEST": False,
    # A workshop day is long; a form left open since the morning must still post.
    "WTF_CSRF_TIME_LIMIT": 16 * 3600,
    "BABEL_DEFAULT_LOCALE": "fr",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
        "text/csv",
    ],
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # Seconds added to every commit, to play a slow disk in the bench (bench/crowd.py --slow-disk); 0 here.
    "SLOW_DISK_SECONDS": 0.0,
    # A file whose presence holds every commit, as a stalled disk would (tests); None here.
    "SLOW_DISK_HOLD": None,
    # Rate limits (kiosk/web/limits.py), counted in this process's memory, or in REDIS_URL when set.
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": None,
}


def load(app, test_config=None):
    """Fill app.config from the three layers and derive what depends on the instance folder."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("KIOSK")
    if test_config:
        app.config.from_mapping(test_config)
    for name in ("ORGANISER_IDLE_HOURS", "MODERATOR_HOURS_AFTER_CLOSE"):
        # A wrong value stops the start, rather than every login check.
        app.config[name] = float(app.config[name])
    shared(app.config)
    if isinstance(app.config["HOSTS"], str):
        app.config["HOSTS"] = [h.strip() for h in app.config["HOSTS"].split(",") if h.strip()]
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"] or "sqlite:///" + os.path.join(
        app.instance_path, "kiosk.sqlite3"
    )
    app.config["SLOW_DISK_SECONDS"] = float(app.config["SLOW_DISK_SECONDS"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from kiosk.data.database import sqlite_connect_args

        options = app.config["SQLALCHEMY_ENGINE_OPTIONS"] = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = options.get("connect_args", {}) | sqlite_connect_args(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(app.instance_path)


def shared(config):
    """Derive what the workers share from REDIS_URL: a message queue in Redis is that Redis too."""
    queue = config["MESSAGE_QUEUE"]
    if not config["REDIS_URL"] and queue and queue.startswith(("redis://", "rediss://", "unix://")):
        config["REDIS_URL"] = queue
    config["MESSAGE_QUEUE"] = queue or config["REDIS_URL"]
    config["RATELIMIT_STORAGE_URI"] = config["RATELIMIT_STORAGE_URI"] or config["REDIS_URL"] or "memory://"
    config["RATELIMIT_KEY_PREFIX"] = config["REDIS_PREFIX"]


def instance_secret(instance_path):
    """Read the secret key kept in the instance folder, creating it on first run."""
    path = os.path.join(instance_path, "secret_key")
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        key = secrets.token_hex(32)
        # O_EXCL: two processes starting together must not each write a different key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return instance_secret(instance_path)
        with os.fdopen(fd, "w") as f:
            f.write(key)
        return key
