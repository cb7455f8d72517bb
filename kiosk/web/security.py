"""Protections every response and every API write gets, whatever the feature."""

from urllib.parse import urlsplit

from flask import request
from flask_babel import gettext as _

from kiosk import choices
from kiosk.web.errors import ApiError

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# The only forms that send a file, and how large a body each may send (anything else: MAX_CONTENT_LENGTH).
LARGER_BODIES = {"bookings.import_rdv": choices.RDV_FILE_MAX + 64 * 1024}
# The only page that may ask for the camera: the door kiosk, to read a "carte Kiosk" shown to it.
CAMERA_PAGES = {"checkin.door"}


def harden(response):
    """Add the Content-Security-Policy and the usual hardening headers."""
    host = request.host
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        # Older browsers do not count ws:// as 'self', so the live channel is named.
        f"connect-src 'self' ws://{host} wss://{host}; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    camera = "(self)" if request.endpoint in CAMERA_PAGES else "()"
    response.headers["Permissions-Policy"] = f"camera={camera}, microphone=(), geolocation=(), payment=()"
    if request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def same_origin(url):
    """Whether an Origin or Referer value names this very site."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == request.host.lower()


def check_api_write():
    """Refuse API writes that a page of another site could have made.

    A cross-site form cannot send application/json, and a browser always says where a fetch
    comes from; so no token is needed for the JSON API.
    """
    if request.method not in WRITE_METHODS:
        return
    if request.mimetype != "application/json":
        raise ApiError(_("Envoyez les données en JSON."), 415)
    origin = request.headers.get("Origin")
    if origin is not None and origin != "null":
        if not same_origin(origin):
            raise ApiError(_("Cette demande vient d’un autre site."), 403)
    elif origin == "null" or request.referrer:
        if not (request.referrer and same_origin(request.referrer)):
            raise ApiError(_("Cette demande vient d’un autre site."), 403)


def local_path(target, default="/"):
    """`target` if it is a path on this site, else `default`: a link never sends people elsewhere."""
    parts = urlsplit(target or "")
    if not target or not target.startswith("/") or target.startswith("//") or parts.scheme or parts.netloc:
        return default
    return target


def guard_writes():
    """Before every request: API writes must be same-origin JSON, form posts must carry a CSRF token."""
    from kiosk.extensions import csrf

    if request.path.startswith("/api/"):
        check_api_write()
    elif request.method in WRITE_METHODS:
        # Set before the form is read, which the CSRF check does.
        if request.endpoint in LARGER_BODIES:
            request.max_content_length = LARGER_BODIES[request.endpoint]
        csrf.protect()
