"""Kiosk: check-in, live question board and feedback for cafés numériques, on the room's network."""

import os
import secrets

from flask import Flask, request
from flask_babel import format_date, format_decimal, format_percent, format_time


def create_app(test_config=None):
    """Build Kiosk: defaults, then instance/config.py and KIOSK_* variables, then test_config."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("KIOSK_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    from kiosk import choices, config
    from kiosk.data import storage

    storage.private_folder(app.instance_path)

    config.load(app, test_config)

    from kiosk.data import database
    from kiosk.extensions import TextPacket, babel, compress, csrf, db, migrate, socketio
    from kiosk.web import errors, events, languages, limits, network, security
    from kiosk.web.network import HostAllowList

    db.init_app(app)
    database.init_app(app)
    with app.app_context():
        storage.lock_down(app.instance_path)
    migrate.init_app(app, db, directory=database.MIGRATIONS)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=languages.select_locale)
    compress.init_app(app)
    errors.init_app(app)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # checked by guard_writes, forms only
    app.before_request(security.guard_writes)
    app.after_request(security.harden)
    app.before_request(limits.refuse_code_guessing)
    app.after_request(limits.count_unknown_code)
    # A fresh id in every form, so that a form sent twice (double tap, reload) counts once.
    app.jinja_env.globals["language"] = languages.current
    app.jinja_env.globals["text_direction"] = languages.direction
    app.jinja_env.globals["LANGUAGES"] = languages.LANGUAGES
    app.jinja_env.globals["plural_forms"] = languages.plural_forms
    app.jinja_env.globals["counted"] = languages.counted
    app.jinja_env.filters["bdi"] = languages.isolated
    app.jinja_env.filters["number"] = lambda value: "–" if value is None else format_decimal(value)
    app.jinja_env.filters["percent"] = format_percent
    app.jinja_env.filters["format_date_local"] = lambda value: format_date(value, format="long")
    app.jinja_env.filters["format_date_short"] = lambda value: format_date(value, format="short")
    app.jinja_env.filters["format_date_full"] = lambda value: format_date(value, format="full")
    app.jinja_env.filters["format_time_local"] = lambda value: format_time(value, format="short")
    app.jinja_env.globals["choices"] = choices  # limits and labels, said once for every page
    app.jinja_env.globals["zip"] = zip  # pairs chart labels with their values
    app.jinja_env.globals["new_client_id"] = lambda: secrets.token_urlsafe(16)
    # Whether phones can open Kiosk, and why not: said in place of the address (_macros.no_phones).
    app.jinja_env.globals["phone_reach"] = lambda: network.reach_from(app.config, request)

    from kiosk.rules import organiser
    from kiosk.web import access, openapi
    from kiosk.web.public import (
        accessibility,
        alike,
        attestation,
        checkin,
        communes,
        entrance,
        feedback,
        home,
        polls,
        privacy,
        pulse,
        questions,
        takeaways,
    )
    from kiosk.web.staff import (
        admin,
        bookings,
        cards,
        forum,
        keywords,
        moderate,
        reports,
        roster,
        signin,
        venues,
        wifi,
    )

    app.jinja_env.globals["disk_banner_message"] = errors.disk_banner
    app.jinja_env.globals["disk_messages"] = errors.disk_messages
    app.jinja_env.globals["retention_months"] = organiser.retention_months
    app.jinja_env.globals["moderator_link_lifetime"] = access.moderator_link_lifetime
    pages = (
        home,
        entrance,
        checkin,
        questions,
        feedback,
        pulse,
        polls,
        takeaways,
        alike,
        attestation,
        moderate,
        roster,
        bookings,
        cards,
        reports,
        forum,
        admin,
        venues,
        keywords,
        wifi,
        signin,
        privacy,
        accessibility,
        communes,
    )
    for module in (*pages, languages, openapi):
        app.register_blueprint(module.bp)

    if app.config["BEHIND_PROXY"]:
        app.config["TRUST_LOOPBACK"] = False

    # events was imported above: its handlers must exist before init_app, or a second app has none.
    limits.limiter.init_app(app)
    # The Socket.IO object is shared by every app of the process (the tests make many): a message queue
    # given to an earlier app must not stay with this one.
    socketio.server_options.pop("client_manager", None)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        cors_allowed_origins=events.same_origin,
        message_queue=app.config["MESSAGE_QUEUE"],
        # Redis's publish/subscribe ignores database numbers: the prefix keeps two Kiosks apart there too.
        channel=app.config["REDIS_PREFIX"],
        # Screens only send {code, role, since}: anything bigger is not from Kiosk's pages.
        max_http_buffer_size=4 * 1024,
        ping_interval=10,
        ping_timeout=10,
        serializer=TextPacket,
    )
    events.init_app(app)
    # Outside Socket.IO's middleware, so /socket.io/ is checked as strictly as the pages.
    app.wsgi_app = HostAllowList(app.wsgi_app, app.config["HOSTS"])
    if app.config["BEHIND_PROXY"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Outermost: the live channel, its origin check and every limit see the phone's address and
        # scheme, not the proxy's; the host check reads the name the phone asked for.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    return app
