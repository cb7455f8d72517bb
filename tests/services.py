"""The PostgreSQL and Redis the tests use: databases of their own, made and dropped by this run.

`KIOSK_TEST_DATABASE_URL` (a PostgreSQL server, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres)
runs the whole suite on PostgreSQL; without it the suite runs on SQLite files, and only the tests of
several workers reach PostgreSQL, at `SCALE_DATABASE_URL`. Redis is database `KIOSK_TEST_REDIS_URL`
(number 7 by default), each test under keys of its own.
"""

import os
import secrets

import pytest
import sqlalchemy as sa

SUITE_DATABASE = os.environ.get("KIOSK_TEST_DATABASE_URL") or None
SCALE_DATABASE = SUITE_DATABASE or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS = os.environ.get("KIOSK_TEST_REDIS_URL") or "redis://127.0.0.1:6379/7"
RUN = f"kiosk_test_{os.getpid()}_{secrets.token_hex(3)}"

_made = []


def _admin(server):
    """A plain psycopg connection to the server's maintenance database, in autocommit."""
    import psycopg

    url = sa.engine.make_url(server).set(drivername="postgresql")
    return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)


def postgres_available(server=SCALE_DATABASE):
    """Whether the PostgreSQL server answers."""
    try:
        with _admin(server):
            return True
    except Exception:
        return False


def new_database(server=SCALE_DATABASE):
    """A new empty database on the server, dropped at the end of the run; returns its URL."""
    name = f"{RUN}_{len(_made)}"
    with _admin(server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    _made.append((server, name))
    return sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)


def drop_databases():
    """Drop every database this run made (open connections of a killed server included)."""
    while _made:
        server, name = _made.pop()
        with _admin(server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reset(url):
    """Empty every table of a database but its migration mark, numbering included."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            tables = [f'"{t}"' for t in sa.inspect(conn).get_table_names() if t != "alembic_version"]
            conn.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    finally:
        engine.dispose()


def redis_available():
    """Whether Redis answers."""
    import redis

    try:
        with redis.Redis.from_url(REDIS) as client:
            return client.ping()
    except redis.RedisError:
        return False


def forget_redis_keys(prefix):
    """Delete this test's keys from the tests' Redis database."""
    import redis

    with redis.Redis.from_url(REDIS) as client:
        # The rate limits' keys hold the prefix after their own ("LIMITS:LIMITER/<prefix>/…").
        for name in client.scan_iter(match=f"*{prefix}*"):
            client.delete(name)


def require_postgres():
    """Skip the test when no PostgreSQL answers (the machines that run the tests have one)."""
    if not postgres_available():
        pytest.skip("no PostgreSQL at " + SCALE_DATABASE)


def require_redis():
    """Skip the test when no Redis answers (the machines that run the tests have one)."""
    if not redis_available():
        pytest.skip("no Redis at " + REDIS)


needs_postgres = pytest.mark.skipif(not postgres_available(), reason="no PostgreSQL at " + SCALE_DATABASE)
on_postgres = SUITE_DATABASE is not None
