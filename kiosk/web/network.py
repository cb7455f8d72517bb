"""The room's network: which addresses this PC answers to, and the address phones should open."""

import ipaddress
import socket

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


def lan_url(config, port):
    """The address phones should open, known without a request (for the terminal and the CLI)."""
    if config.get("BASE_URL"):
        return config["BASE_URL"].rstrip("/")
    addresses = lan_addresses()
    host = addresses[0] if addresses else "localhost"
    return f"http://{host}" + ("" if int(port) == 80 else f":{port}")


def base_url(config, request):
    """The address phones on the room's network should open, without a trailing slash."""
    host = request.host
    if config.get("BASE_URL") or host_name(host) in LOOPBACK_HOSTS:
        # The room PC sees itself as localhost; phones need its LAN address.
        port = request.environ.get("SERVER_PORT") or config["PORT"]
        return lan_url(config, port)
    return request.host_url.rstrip("/")
