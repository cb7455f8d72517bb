"""The room's network: which addresses this PC answers to, and the address phones should open."""

import ipaddress
import socket
from typing import NamedTuple

import psutil
from werkzeug.wrappers import Response

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


def lan_addresses():
    """This PC's IPv4 addresses on local networks, the most likely Wi-Fi/Ethernet one first."""
    found = []
    for addrs in psutil.net_if_addrs().values():
        for addr in addrs:
            if addr.family == socket.AF_INET and not ipaddress.ip_address(addr.address).is_loopback:
                found.append(addr.address)
    # Private ranges first: that is where the room's phones are.
    return sorted(set(found), key=lambda a: (not ipaddress.ip_address(a).is_private, a))


def all_addresses():
    """Every address of this PC, IPv4 and IPv6, loopback included."""
    found = set(LOOPBACK_HOSTS)
    for addrs in psutil.net_if_addrs().values():
        for addr in addrs:
            if addr.family in (socket.AF_INET, socket.AF_INET6):
                found.add(addr.address.split("%")[0])
    return found


def host_name(host_header):
    """The host part of a Host header, without port or IPv6 brackets, lower-cased."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class HostAllowList:
    """WSGI middleware refusing any Host this PC is not served as, /socket.io/ included.

    It wraps the whole application, Socket.IO's middleware too, so a page from another site that
    points a name at this PC (DNS rebinding) can neither read pages nor open a live connection.
    """

    def __init__(self, app, extra_hosts=()):
        self.app = app
        self.allowed = all_addresses() | {h.lower() for h in extra_hosts}

    def __call__(self, environ, start_response):
        name = host_name(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""))
        if name not in self.allowed:
            # The PC may have joined another network since it started.
            self.allowed |= all_addresses()
        if name not in self.allowed:
            response = Response("Kiosk does not answer to this address.\n", status=421, mimetype="text/plain")
            return response(environ, start_response)
        return self.app(environ, start_response)


def is_loopback(address):
    """Whether a client address is this PC itself."""
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


def forwarded(environ):
    """Whether a request carries a reverse proxy's Forwarded or X-Forwarded-* headers."""
    return any(key == "HTTP_FORWARDED" or key.startswith("HTTP_X_FORWARDED_") for key in environ)


# What `kiosk serve --host` may be given to listen on every network of this PC.
EVERY_NETWORK = {"", "0.0.0.0", "::"}
# Why phones cannot open Kiosk: it listens on this PC only, or this PC is on no network.
THIS_PC_ONLY = "this_pc_only"
NO_NETWORK = "no_network"


class Reach(NamedTuple):
    """The address phones should open (without a trailing slash), or why they cannot open any."""

    url: str | None
    problem: str | None = None


def _address(host, port):
    """An http address for a host (IPv6 in brackets) and a port (left out when it is 80)."""
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}" + ("" if int(port) == 80 else f":{port}")


def is_this_pc_only(host):
    """Whether listening on `host` leaves every other device out (127.0.0.1, ::1, localhost)."""
    return host is not None and (host.lower() == "localhost" or is_loopback(host))


def reach(config, port, served=None):
    """The address phones should open, known without a request (for the terminal, the CLI and pages).

    `served` is the address the server listens on (`kiosk serve --host`), by default the one this
    process serves (SERVED_HOST); None means every network.
    """
    if config.get("BASE_URL"):
        return Reach(config["BASE_URL"].rstrip("/"))
    served = config.get("SERVED_HOST") if served is None else served
    if is_this_pc_only(served):
        return Reach(None, THIS_PC_ONLY)
    if served and served not in EVERY_NETWORK:
        return Reach(_address(served, port))
    addresses = lan_addresses()
    if not addresses:
        return Reach(None, NO_NETWORK)
    return Reach(_address(addresses[0], port))


def reach_from(config, request):
    """The address phones should open, as seen from this request: a phone's own way in works for all."""
    if config.get("BASE_URL") or host_name(request.host) in LOOPBACK_HOSTS:
        # The room PC sees itself as localhost; phones need its LAN address.
        port = request.environ.get("SERVER_PORT") or config["PORT"]
        return reach(config, port)
    return Reach(request.host_url.rstrip("/"))


def base_url(config, request):
    """The address phones on the room's network should open, without a trailing slash, or None."""
    return reach_from(config, request).url


def phone_url(config, request, path):
    """The address phones open for `path` (starting with "/"), or None when phones cannot open Kiosk."""
    base = base_url(config, request)
    return None if base is None else base + path
