"""The `kiosk` command: serve the room, create a workshop, print a moderator link."""

import json
import os

import click

from kiosk import create_app


def _app():
    """The app, with its database brought up to date (the first command may come before any server)."""
    from kiosk.data.database import upgrade_schema

    app = create_app()
    with app.app_context():
        upgrade_schema()
    # A command ends with its database connections closed (PostgreSQL keeps a session per connection).
    app.teardown_appcontext(_close_database)
    return app


def _close_database(_error=None):
    from kiosk.extensions import db

    db.session.remove()
    db.engine.dispose()


@click.group()
def cli():
    """Kiosk: check-in, live question board and feedback for cafés numériques."""


@cli.command()
@click.option(
    "--host", default="0.0.0.0", show_default=True, help="Address to listen on (0.0.0.0: the whole network)."
)
@click.option("--port", type=int, default=None, help="Port to listen on (default 5000).")
@click.option(
    "--no-migrate",
    is_flag=True,
    help="Do not upgrade the database (several workers: `kiosk migrate` does it once, before them).",
)
def serve(host, port, no_migrate):
    """Serve Kiosk to this PC and the room's network."""
    from kiosk.data.database import check_settings, is_shared, schema_is_current, upgrade_schema
    from kiosk.extensions import socketio
    from kiosk.web.network import lan_url
    from kiosk.web.qr import terminal

    overrides = {"ASYNC_MODE": os.environ.get("KIOSK_ASYNC_MODE", "eventlet")}
    if port is not None:
        overrides["PORT"] = port
    app = create_app(overrides)
    port = app.config["PORT"]
    with app.app_context():
        if is_shared() and app.config["ASYNC_MODE"] == "eventlet":
            # psycopg does not cooperate with eventlet: one waiting query would freeze the whole worker.
            raise click.ClickException(
                "Kiosk ne peut pas servir PostgreSQL avec eventlet : chaque requête à la base bloquerait "
                "tout le processus. Lancez-le avec KIOSK_ASYNC_MODE=gevent (ou sans KIOSK_ASYNC_MODE)."
            )
        if not no_migrate:
            upgrade_schema()
        elif not schema_is_current():
            raise click.ClickException("La base n’est pas à jour. Lancez d’abord : kiosk migrate")
        check_settings()
    local = f"http://localhost:{port}"
    click.echo(f"\nKiosk est prêt.\n\n  Sur ce PC, ouvrez :          {local}")
    if host in ("127.0.0.1", "localhost", "::1"):
        click.echo("  Seul ce PC peut ouvrir Kiosk (lancé avec --host 127.0.0.1).\n")
    else:
        phones = lan_url(app.config, port)
        click.echo(f"  Sur les téléphones du Wi-Fi : {phones}\n")
        click.echo(terminal(phones))
    click.echo("Pour arrêter Kiosk : Ctrl+C.\n", err=False)
    from kiosk.ops import serving
    from kiosk.rules import retention
    from kiosk.web import events

    socketio.start_background_task(retention.run_forever, app, socketio.sleep)
    socketio.start_background_task(events.sweep_forever, app, socketio.sleep)
    serving.serve(app, host, port)


@cli.command()
def migrate():
    """Upgrade the database to this version of Kiosk (before starting several workers)."""
    _app()
    click.echo("Base à jour.")


@cli.group()
def workshop():
    """Manage workshops."""


@workshop.command("create")
@click.option("--title", required=True, help="The workshop's title, as people will see it.")
@click.option("--capacity", type=click.IntRange(1, 1000), default=12, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def create_workshop(title, capacity, as_json):
    """Create a workshop and print its code and addresses."""
    from kiosk import choices
    from kiosk.rules import workshops
    from kiosk.web.network import lan_url

    title = " ".join(title.split())
    if not title or len(title) > choices.TITLE_MAX:
        raise click.BadParameter(f"1 to {choices.TITLE_MAX} characters.", param_hint="--title")
    app = _app()
    with app.app_context():
        created = workshops.create(title, capacity=capacity)
        base = lan_url(app.config, app.config["PORT"])
        result = {
            "code": created.code,
            "title": created.title,
            "capacity": created.capacity,
            "participant": f"{base}/{created.code}",
            "door": f"{base}/w/{created.code}/door",
            "board": f"{base}/w/{created.code}/board",
            "moderator": f"{base}/w/{created.code}/moderate",
        }
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"Atelier « {result['title']} » créé. Code : {result['code']}")
    for label, key in (
        ("Participants", "participant"),
        ("Écran d’accueil", "door"),
        ("Tableau (projecteur)", "board"),
        ("Animation", "moderator"),
    ):
        click.echo(f"  {label:<22} {result[key]}")


@cli.command("moderator-link")
@click.argument("code")
def moderator_link(code):
    """Print a one-time link (valid MODERATOR_LINK_SECONDS) that makes a browser moderator of workshop CODE."""
    from kiosk.rules import workshops
    from kiosk.web.access import issue_moderator_link, moderator_link_lifetime
    from kiosk.web.network import lan_url
    from kiosk.web.qr import terminal

    app = _app()
    with app.app_context():
        found = workshops.by_code(code)
        if found is None:
            raise click.ClickException(f"Aucun atelier n’a le code {code}.")
        token = issue_moderator_link(found)
        url = f"{lan_url(app.config, app.config['PORT'])}/m/{token}"
        lifetime = moderator_link_lifetime()
    click.echo(url)
    click.echo(f"Ce lien sert une seule fois, pendant {lifetime}.", err=True)
    click.echo(terminal(url), err=True)


@cli.command("passphrase")
def passphrase():
    """Choose a new organiser passphrase (when it is forgotten); logs every organiser out."""
    from kiosk import choices
    from kiosk.data.models import Login
    from kiosk.rules import logins, organiser

    new = click.prompt(
        "Nouvelle phrase secrète", hide_input=True, confirmation_prompt="La même, encore une fois"
    )
    if not choices.PASSPHRASE_MIN <= len(new) <= choices.PASSPHRASE_MAX:
        raise click.ClickException(
            f"Choisissez entre {choices.PASSPHRASE_MIN} et {choices.PASSPHRASE_MAX} caractères."
        )
    with _app().app_context():
        organiser.set_passphrase(new)
        logins.revoke(Login.workshop_id.is_(None))
    click.echo("Phrase secrète changée. Reconnectez-vous sur /admin/login.")


@cli.command()
def purge():
    """Erase now the personal data older than the retention period (anonymous counts stay)."""
    from kiosk.rules import organiser, retention

    app = _app()
    with app.app_context():
        months = organiser.retention_months()
        erased = retention.purge(app.instance_path, months)
    click.echo(f"Données personnelles de plus de {months} mois effacées : {erased} atelier(s).")


@cli.command()
@click.argument("target", required=False, type=click.Path())
def backup(target):
    """Write a consistent copy of the database (default: a dated file in instance/backups)."""
    from kiosk.data import backups

    app = _app()
    with app.app_context():
        try:
            written = backups.backup(target or backups.default_folder(app.instance_path))
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Sauvegarde écrite : {written}")
    click.echo("Elle contient des données personnelles : gardez-la en lieu sûr.", err=True)


@cli.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.confirmation_option(prompt="Arrêtez d’abord Kiosk. Remplacer la base actuelle par cette sauvegarde ?")
def restore(source):
    """Replace the database with a backup made by `kiosk backup` (stop Kiosk first)."""
    from kiosk.data import backups
    from kiosk.data.database import upgrade_schema

    app = create_app()
    with app.app_context():
        try:
            backups.restore(source)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from None
        upgrade_schema()
    click.echo("Base restaurée.")
