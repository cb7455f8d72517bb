"""The `kiosk` command: serve the room, start and stop it, create a workshop, print a moderator link.

What it prints is for the room PC's French-speaking organiser: plain French words.
"""

import json
import os
import signal
import subprocess
import sys
import webbrowser
from pathlib import Path

import click

from kiosk import create_app
from kiosk.ops import running, shortcuts

# This very program, wherever it was installed (the bundle's virtualenv, the project's .venv).
KIOSK = (
    Path(sys.argv[0]).resolve()
    if Path(sys.argv[0]).name == "kiosk"
    else Path(sys.executable).with_name("kiosk")
)


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


# What `kiosk --help` says is for the room PC's organiser: in French, like everything else it prints.
@click.group(help="Kiosk : accueil, questions et avis pour les cafés numériques.")
def cli():
    """Kiosk: check-in, live question board and feedback for cafés numériques."""


@cli.command(help="Ouvre Kiosk pour ce PC et les téléphones du Wi-Fi (Ctrl+C pour arrêter).")
@click.option(
    "--host",
    default="0.0.0.0",
    show_default=True,
    help="Adresse d’écoute. 0.0.0.0 : tout le réseau. 127.0.0.1 : ce PC seulement.",
)
@click.option("--port", type=int, default=None, help="Port (5000 si rien n’est dit).")
@click.option(
    "--no-migrate",
    is_flag=True,
    help="Ne pas mettre la base à jour (plusieurs processus : « kiosk migrate » le fait une fois, avant).",
)
def serve(host, port, no_migrate):
    """Serve Kiosk to this PC and the room's network."""
    from kiosk.data.database import check_settings, is_shared, schema_is_current, upgrade_schema
    from kiosk.extensions import socketio
    from kiosk.web.network import reach

    overrides = {"ASYNC_MODE": os.environ.get("KIOSK_ASYNC_MODE", "eventlet"), "SERVED_HOST": host}
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
    server = {"host": host, "port": port}
    click.echo(f"\nKiosk est prêt.\n\n  Sur ce PC, ouvrez :          {running.local_url(server)}")
    _say_phone_address(reach(app.config, port), qr=True)
    click.echo("Pour arrêter Kiosk : Ctrl+C, ou la commande « kiosk stop ».\n")
    from kiosk.ops import serving
    from kiosk.rules import retention
    from kiosk.web import events

    socketio.start_background_task(retention.run_forever, app, socketio.sleep)
    socketio.start_background_task(events.sweep_forever, app, socketio.sleep)
    running.note(app.instance_path, host, port)
    # `kiosk stop` and systemd ask with SIGTERM: leave as after Ctrl+C, the note removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        serving.serve(app, host, port)
    finally:
        running.forget(app.instance_path)


@cli.command(help="Met la base à jour pour cette version de Kiosk (avant de lancer plusieurs processus).")
def migrate():
    """Upgrade the database to this version of Kiosk (before starting several workers)."""
    _app()
    click.echo("Base à jour.")


def _say_phone_address(found, qr=False, err=False):
    """Print the address phones open (with its QR code), or why phones cannot join and what to do."""
    from kiosk.web.network import THIS_PC_ONLY
    from kiosk.web.qr import terminal

    if found.url:
        click.echo(f"  Sur les téléphones du Wi-Fi : {found.url}\n", err=err)
        if qr:
            click.echo(terminal(found.url), err=err)
    elif found.problem == THIS_PC_ONLY:
        click.echo(
            "  Les téléphones ne peuvent pas ouvrir Kiosk : il est ouvert sur ce PC seulement.", err=err
        )
        click.echo("  Pour les téléphones, démarrez-le sans « --host 127.0.0.1 ».\n", err=err)
    else:
        click.echo(
            "  Les téléphones ne peuvent pas ouvrir Kiosk : ce PC n’est relié à aucun réseau.", err=err
        )
        click.echo("  Reliez-le au Wi-Fi de la salle, puis redémarrez Kiosk.\n", err=err)


def _phones(app):
    """Where phones reach the server of this instance folder: its real port and address if it runs."""
    from kiosk.web.network import reach

    server = running.current(app.instance_path)
    if server is None:
        return reach(app.config, app.config["PORT"])
    return reach(app.config, server["port"], served=server["host"])


@cli.command(
    help="Démarre Kiosk s’il ne tourne pas, puis ouvre la page d’accueil (le bouton « Démarrer Kiosk »)."
)
@click.option("--no-browser", is_flag=True, help="Ne pas ouvrir le navigateur.")
def start(no_browser):
    """Start Kiosk if it is not running, then open the room PC's browser on its home page."""
    app, server = _this_pc()
    if server is None:
        click.echo("Kiosk démarre…")
        log = open(Path(app.instance_path) / "kiosk.log", "ab")  # noqa: SIM115 (handed to the server)
        process = subprocess.Popen(
            [str(KIOSK), "serve"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the server outlives this command and the launcher
        )
        log.close()
        server = running.wait_until_answering(app.instance_path, process, 90)
        if server is None:
            raise click.ClickException(
                f"Kiosk n’a pas pu démarrer. Ce qu’il a écrit est dans {Path(app.instance_path) / 'kiosk.log'}."
            )
    url = running.local_url(server)
    click.echo(f"Kiosk est démarré : {url}")
    if not no_browser:
        webbrowser.open(url + "/")


def _this_pc():
    """The app of this instance folder, and its running server (None when stopped)."""
    app = create_app()
    return app, running.current(app.instance_path)


@cli.command(help="Dit si Kiosk tourne, et ses adresses.")
def status():
    """Say whether Kiosk is running, and its addresses (exit status 3 when it is stopped)."""
    app, server = _this_pc()
    if server is None:
        click.echo("Kiosk est arrêté.")
        sys.exit(3)
    state = "répond" if running.answers(server) else "démarre ou ne répond pas"
    click.echo(f"Kiosk est démarré ({state}).")
    click.echo(f"  Sur ce PC, ouvrez :          {running.local_url(server)}")
    _say_phone_address(_phones(app))


@cli.command(help="Arrête Kiosk.")
def stop():
    """Stop the Kiosk server of this PC."""
    _app, server = _this_pc()
    if server is None:
        click.echo("Kiosk était déjà arrêté.")
        return
    if not running.stop(server):
        raise click.ClickException("Kiosk ne s’arrête pas. Redémarrez le PC.")
    click.echo("Kiosk est arrêté.")


@cli.command("install-shortcut", help="Ajoute le bouton « Démarrer Kiosk » sur le bureau et dans le menu.")
def install_shortcut():
    """Add "Démarrer Kiosk" to the desktop and the applications menu."""
    app = create_app()
    for path in shortcuts.install_shortcut(KIOSK, app.instance_path):
        click.echo(f"Bouton « Démarrer Kiosk » ajouté : {path}")
    click.echo("Un clic démarre Kiosk (s’il ne tourne pas déjà) et ouvre la page d’accueil.")


@cli.command("install-service", help="Démarre Kiosk tout seul à chaque ouverture de session sur ce PC.")
@click.option("--port", type=int, default=None, help="Port (5000 si rien n’est dit).")
def install_service(port):
    """Start Kiosk with the PC's session from now on (a systemd user service)."""
    app = create_app()
    path = shortcuts.install_service(KIOSK, app.instance_path, port or app.config["PORT"])
    click.echo(f"Service écrit : {path}")
    if shortcuts.systemctl("daemon-reload") and shortcuts.systemctl("enable", "--now", shortcuts.SERVICE):
        click.echo("Kiosk démarre maintenant, et à chaque ouverture de session sur ce PC.")
        click.echo(
            "Pour qu’il démarre avant toute session : sudo loginctl enable-linger "
            + os.environ.get("USER", "")
        )
    else:
        click.echo(
            "Ce PC ne gère pas les services de session (systemd). Utilisez le bouton « Démarrer Kiosk »."
        )


@cli.group(help="Les ateliers.")
def workshop():
    """Manage workshops."""


@workshop.command("create", help="Crée un atelier et donne son code et ses adresses.")
@click.option("--title", required=True, help="Le titre de l’atelier, tel que les gens le verront.")
@click.option(
    "--capacity", type=click.IntRange(1, 1000), default=12, show_default=True, help="Nombre de places."
)
@click.option("--json", "as_json", is_flag=True, help="Résultat en JSON (pour un autre programme).")
def create_workshop(title, capacity, as_json):
    """Create a workshop and print its code and addresses."""
    from kiosk import choices
    from kiosk.rules import workshops

    title = " ".join(title.split())
    if not title or len(title) > choices.TITLE_MAX:
        raise click.BadParameter(
            f"Donnez un titre de 1 à {choices.TITLE_MAX} caractères.", param_hint="--title"
        )
    app = _app()
    with app.app_context():
        created = workshops.create(title, capacity=capacity)
        phones = _phones(app)
        server = running.current(app.instance_path) or {"host": "", "port": app.config["PORT"]}
        # Phones need the room's address; when they cannot join, this PC's own address still works here.
        base = phones.url or running.local_url(server)
        result = {
            "code": created.code,
            "title": created.title,
            "capacity": created.capacity,
            "participant": f"{base}/{created.code}",
            "door": f"{base}/w/{created.code}/door",
            "board": f"{base}/w/{created.code}/board",
            "moderator": f"{base}/w/{created.code}/moderate",
            "phones_can_join": phones.url is not None,
            "phones_problem": phones.problem,
        }
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"Atelier « {result['title']} » créé. Code : {result['code']}")
    if not phones.url:
        _say_phone_address(phones)
    for label, key in (
        ("Participants", "participant"),
        ("Écran d’accueil", "door"),
        ("Tableau (projecteur)", "board"),
        ("Animation", "moderator"),
    ):
        click.echo(f"  {label:<22} {result[key]}")


@cli.command(
    "moderator-link", help="Donne un lien, valable une fois, pour animer l’atelier CODE depuis un téléphone."
)
@click.argument("code")
def moderator_link(code):
    """Print a one-time link (valid MODERATOR_LINK_SECONDS) that makes a browser moderator of workshop CODE."""
    from kiosk.rules import workshops
    from kiosk.web.access import issue_moderator_link, moderator_link_lifetime
    from kiosk.web.qr import terminal

    app = _app()
    with app.app_context():
        found = workshops.by_code(code)
        if found is None:
            raise click.ClickException(f"Aucun atelier n’a le code {code}.")
        token = issue_moderator_link(found)
        phones = _phones(app)
        server = running.current(app.instance_path) or {"host": "", "port": app.config["PORT"]}
        url = f"{phones.url or running.local_url(server)}/m/{token}"
        lifetime = moderator_link_lifetime()
    click.echo(url)
    if not phones.url:
        _say_phone_address(phones, err=True)
    click.echo(f"Ce lien sert une seule fois, pendant {lifetime}.", err=True)
    click.echo(terminal(url), err=True)


@cli.command(
    "passphrase", help="Choisit une nouvelle phrase secrète de l’organisation (si elle est oubliée)."
)
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


@cli.command(help="Efface maintenant les données personnelles trop anciennes (les comptes anonymes restent).")
def purge():
    """Erase now the personal data older than the retention period (anonymous counts stay)."""
    from kiosk.rules import organiser, retention

    app = _app()
    with app.app_context():
        months = organiser.retention_months()
        erased = retention.purge(app.instance_path, months)
    if erased == 0:
        click.echo(f"Aucun atelier n’avait de données personnelles de plus de {months} mois.")
    else:
        ateliers = "1 atelier" if erased == 1 else f"{erased} ateliers"
        click.echo(f"Données personnelles de plus de {months} mois effacées : {ateliers}.")


@cli.command(help="Écrit une copie des données (dans instance/backups, ou dans le dossier ou fichier donné).")
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


@cli.command(help="Remet les données d’une sauvegarde (arrêtez Kiosk avant).")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.confirmation_option(
    prompt="Arrêtez d’abord Kiosk (kiosk stop). Remplacer les données actuelles par cette sauvegarde ?"
)
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
    click.echo("Sauvegarde remise en place. Vous pouvez démarrer Kiosk.")
