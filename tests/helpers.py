"""Small builders for test data; the real server process for end-to-end tests comes from bench/harness.py."""

import contextlib
import json
import secrets
import threading

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench import harness
from bench.harness import KIOSK, free_port  # noqa: F401 (the tests import them from here)
from kiosk.rules import workshops
from kiosk.web.access import issue_moderator_link

from . import services


class LiveServer(harness.LiveServer):
    """`kiosk serve` in a subprocess; when the tests run on PostgreSQL, on a database of its own there,
    served with gevent (Kiosk refuses eventlet with PostgreSQL)."""

    def __init__(self, instance_path, async_mode="eventlet", port=None, **settings):
        if services.on_postgres and "database_url" not in settings:
            settings["database_url"] = services.new_database(services.SUITE_DATABASE)
            async_mode = "gevent" if async_mode == "eventlet" else async_mode
        super().__init__(instance_path, async_mode=async_mode, port=port, **settings)


@contextlib.contextmanager
def serving(folder, async_mode, title="Atelier"):
    """`kiosk serve` in this async mode with one workshop, stopped afterwards: yields (server, code)."""
    server = LiveServer(folder, async_mode=async_mode)
    server.start()
    try:
        yield server, json.loads(server.run("workshop", "create", "--title", title, "--json"))["code"]
    finally:
        server.stop()


@contextlib.contextmanager
def each_statement(hook):
    """Within the block, `hook(state)` sees every ORM statement of every session before it runs (what it
    returns, if anything, stands for the statement's result)."""
    sa.event.listen(Session, "do_orm_execute", hook)
    try:
        yield
    finally:
        sa.event.remove(Session, "do_orm_execute", hook)


@contextlib.contextmanager
def meanwhile(when, request, after=False):
    """Within the block, at the first ORM statement that `when(state)` picks, `request()` runs in a thread
    of its own (its own session and connection, as another phone's request would): just before that
    statement reaches the database or, with `after`, just after it. Yields a dict whose "answer" is then
    what `request()` returned."""
    done = {}

    def hook(state):
        if "answer" in done or not when(state):
            return None
        done["answer"] = None  # the request's own statements must not start it again
        read = state.invoke_statement().freeze() if after else None
        thread = threading.Thread(target=lambda: done.update(answer=request()))
        thread.start()
        thread.join(30)
        assert not thread.is_alive(), "the request played in between never ended"
        return read() if after else None

    with each_statement(hook):
        yield done


def close_database(app):
    """Close an app's database connections for good, once the counts it is still sending are sent (a send
    finishing later would open a connection that nothing closes)."""
    from kiosk.extensions import db

    app.extensions["kiosk.counts"].settle()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def client_id():
    """A fresh client-generated write id, as a browser makes one."""
    return secrets.token_hex(16)


def gen_workshop(app, title="Premiers pas sur tablette", **fields):
    """Create a workshop and return its code."""
    with app.app_context():
        return workshops.create(title, **fields).code


def check_in(client, code, name="Marie", cid=None):
    """Check a browser in through the API; returns the response."""
    return client.post(
        f"/api/workshops/{code}/attendees", json={"name": name, "client_id": cid or client_id()}
    )


def ask(client, code, text="Comment envoyer une photo ?", cid=None, anonymous=True):
    """Post a question through the API; returns the response."""
    return client.post(
        f"/api/workshops/{code}/questions",
        json={"text": text, "client_id": cid or client_id(), "anonymous": anonymous},
    )


def same_phone(app, client):
    """Another client holding a copy of `client`'s cookie as it is now: the same phone, a moment ago."""
    copy = app.test_client()
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    if cookie is not None:
        copy.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    return copy


def become_moderator(app, client, code):
    """Log a client in as moderator the way a phone does: through a one-time link."""
    with app.app_context():
        token = issue_moderator_link(workshops.by_code(code))
    response = client.get(f"/m/{token}")
    assert response.status_code == 302
    return client


PASSPHRASE = "le chat dort sur le clavier"


def become_organiser(app, client, passphrase=PASSPHRASE):
    """Sign a client in as the organiser through the login form (choosing the passphrase if none yet)."""
    from kiosk.rules import organiser

    with app.app_context():
        if not organiser.has_passphrase():
            organiser.set_passphrase(passphrase)
    response = client.post(
        "/admin/login", data={"csrf_token": csrf_token(client, "/admin/login"), "passphrase": passphrase}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def csrf_token(client, path):
    """The CSRF token of the form on a page, as the browser would send it back (Flask's test client or
    a requests session)."""
    page = client.get(path).text
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def libreoffice(folder, source, to, infilter):
    """Convert `source` with LibreOffice, headless, as a person would in its "Save as"; returns the new file."""
    import subprocess

    subprocess.run(
        [
            *("soffice", f"-env:UserInstallation=file://{folder}/libreoffice-profile", "--headless"),
            *(f"--infilter={infilter}", "--convert-to", to, "--outdir", str(folder), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return folder / f"{source.stem}.{to.split(':')[0]}"


# LibreOffice's CSV import: ";" (59) between cells, '"' (34) around them, UTF-8 (76), from line 1, then
# the format of each column, then the language whose dates and numbers are read (1036: French).
FRENCH_CSV = "CSV:59,34,76,1,{columns},1036"


def french_spreadsheet(folder, text, name="export"):
    """The cells of a CSV export as LibreOffice reads them in a French setting (";" between cells, UTF-8,
    dates and decimal commas read the French way): rows of values, dates as datetimes, numbers as numbers."""
    import openpyxl

    source = folder / f"{name}.csv"
    source.write_bytes(text.encode() if isinstance(text, str) else text)
    sheet = openpyxl.load_workbook(libreoffice(folder, source, "xlsx", FRENCH_CSV.format(columns=""))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def excel_97_file(folder, rows, name="export", as_text=True):
    """An .xls file (Excel 97, what RDV Service Public exports) written by LibreOffice from `rows`; with
    `as_text` every cell stays text, as that export writes its dates ("24/11/2026") and hours ("14h00")."""
    import csv

    source = folder / f"{name}.csv"
    with source.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out, delimiter=";").writerows(rows)
    columns = "/".join(f"{i}/2" for i in range(1, len(rows[0]) + 1)) if as_text else ""
    return libreoffice(folder, source, "xls:MS Excel 97", FRENCH_CSV.format(columns=columns))


def french_csv_rows(text):
    """A CSV export read by Python as Excel in French reads it: its BOM, then ";"-separated rows of dicts."""
    import csv
    import io

    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
