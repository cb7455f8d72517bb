"""The web server `kiosk serve` runs, so that one device cannot make Kiosk unreachable for the room.

Every connection (a page, an API call or a live channel) goes through the same door, in each async mode:
- an address holds at most `MAX_CONNECTIONS_PER_ADDRESS` connections; more are closed as they arrive;
- a request's line and headers must arrive within `HEADER_TIMEOUT` seconds (also how long an idle
  keep-alive connection waits for its next request);
- any other read waits at most `IDLE_TIMEOUT` seconds (the live channel hears from a screen every
  10 s, so a live screen is never cut).
"""

import gc
import io
import logging
import resource
import socket
import threading
import time

from kiosk.ops import compression
from kiosk.web.network import forwarded


class Gate:
    """Counts the open connections of each client address and turns away those beyond the cap."""

    def __init__(self, per_address):
        self.per_address = per_address
        self.open = {}
        self.lock = threading.Lock()

    def admit(self, address):
        """Count a new connection from `address`; False (and not counted) when it already holds its share."""
        with self.lock:
            count = self.open.get(address, 0)
            if self.per_address and count >= self.per_address:
                return False
            self.open[address] = count + 1
            return True

    def release(self, address):
        """Forget a closed connection."""
        with self.lock:
            count = self.open.pop(address, 0) - 1
            if count > 0:
                self.open[address] = count


def open_files_limit():
    """Raise this process's open-files limit as far as allowed (every connection is a file); returns it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return soft


def warn_forwarded(app, logger):
    """WSGI wrapper: say once, in the terminal, that a reverse proxy seems to be in front of Kiosk."""
    warned = []

    def wrapped(environ, start_response):
        if not warned and forwarded(environ):
            warned.append(True)
            logger.warning(
                "Attention : des requêtes arrivent par un proxy (en-têtes Forwarded ou X-Forwarded-*), "
                "elles ne sont pas traitées comme venant de ce PC. Si Kiosk est derrière un proxy, "
                "relancez-le avec KIOSK_BEHIND_PROXY=true."
            )
        return app(environ, start_response)

    return wrapped


def serve(app, host, port):
    """Serve `app` (Flask-SocketIO bound) on host:port with the limits of its configuration, until stopped."""
    config = app.config
    files = open_files_limit()
    # Behind a reverse proxy every connection comes from the proxy: limiting each client is its job.
    gate = Gate(None if config["BEHIND_PROXY"] else config["MAX_CONNECTIONS_PER_ADDRESS"])
    wsgi = app if config["BEHIND_PROXY"] else warn_forwarded(app, app.logger)
    limits = (gate, config["HEADER_TIMEOUT"], config["IDLE_TIMEOUT"])
    # What starting made (the app, its libraries, templates, catalogs) lives as long as the server: set
    # aside, the collector's full passes no longer walk it while hundreds of phones are served.
    gc.collect()
    gc.freeze()
    compression.compress_large_only(config["ASYNC_MODE"])
    servers = {"eventlet": _eventlet, "gevent": _gevent, "threading": _threading}
    servers[config["ASYNC_MODE"]](wsgi, host, port, limits, files)


def _eventlet(app, host, port, limits, files):
    """eventlet's WSGI server behind the gate, its request heads under a deadline."""
    import eventlet
    import eventlet.wsgi

    gate, head_timeout, idle_timeout = limits
    family, _type, _proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = eventlet.listen(address, family, backlog=socket.SOMAXCONN)

    class Door:
        """The listening socket, closing at once the connections an address has no room for."""

        def accept(self):
            """The next connection whose address has room for it."""
            while True:
                conn, client = listener.accept()
                if gate.admit(client[0]):
                    return conn, client
                conn.close()

        def __getattr__(self, name):
            return getattr(listener, name)

    class Protocol(eventlet.wsgi.HttpProtocol):
        """One connection, from its first request to its close."""

        def __init__(self, conn_state, server):
            try:
                super().__init__(conn_state, server)
            finally:
                gate.release(conn_state[0][0])

        def handle_one_request(self):
            """One request, its line and headers due within the head timeout."""
            self.head_deadline = eventlet.Timeout(head_timeout, TimeoutError("request head too slow"))
            try:
                super().handle_one_request()
            finally:
                self.head_deadline.cancel()

        def parse_request(self):
            try:
                return super().parse_request()
            finally:
                self.head_deadline.cancel()

    eventlet.wsgi.server(
        Door(),
        app,
        protocol=Protocol,
        socket_timeout=idle_timeout,
        max_size=max(1024, files - 64),
        log_output=False,
    )


def _gevent(app, host, port, limits, files):
    """gevent's WSGI server behind the gate, its request heads under a deadline."""
    from gevent import Timeout, pywsgi

    gate, head_timeout, idle_timeout = limits

    class Handler(pywsgi.WSGIHandler):
        def handle_one_request(self):
            """One request, its line and headers due within the head timeout."""
            self.head_deadline = Timeout.start_new(head_timeout, TimeoutError("request head too slow"))
            try:
                return super().handle_one_request()
            finally:
                self.head_deadline.close()

        def read_request(self, raw_requestline):
            try:
                read = super().read_request(raw_requestline)
            finally:
                self.head_deadline.close()
            if read and self.headers.get("Upgrade", "").lower() == "websocket":
                # The WebSocket runs on a copy of this connection: when it ends, so does the connection.
                # Read on as HTTP, the browser's closing frame would go unanswered for seconds.
                self.close_connection = True
            return read

    class Server(pywsgi.WSGIServer):
        def do_read(self):
            """The next connection, or None when its address has no room for it."""
            accepted = super().do_read()
            if accepted is None:
                return None
            conn, client = accepted
            if not gate.admit(client[0]):
                conn.close()
                return None
            conn.settimeout(idle_timeout)
            # Without it, each keep-alive request waits ~40 ms for the client's delayed ACK.
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return conn, client

        def do_close(self, conn, client):
            try:
                super().do_close(conn, client)
            finally:
                gate.release(client[0])

    Server((host, port), app, handler_class=Handler, log=None, backlog=socket.SOMAXCONN).serve_forever()


class _DeadlineReader(socket.SocketIO):
    """A connection's reads, none waiting past the idle timeout, nor past the head's deadline while armed."""

    deadline = None

    def __init__(self, sock, idle_timeout):
        super().__init__(sock, "rb")
        self.idle_timeout = idle_timeout

    def readinto(self, buffer):
        timeout = self.idle_timeout
        if self.deadline is not None:
            timeout = min(timeout, self.deadline - time.monotonic())
            if timeout <= 0:
                raise TimeoutError("request head too slow")
        self._sock.settimeout(timeout)
        return super().readinto(buffer)


def _threading(app, host, port, limits, files):
    """Werkzeug's threaded server behind the gate, its request heads under a deadline."""
    from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

    gate, head_timeout, idle_timeout = limits
    # Werkzeug logs every request, and every malformed one, with the sender's address: personal
    # data, so not kept. Errors of Kiosk itself go to the app's own logger, without addresses.
    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)

    class Handler(WSGIRequestHandler):
        timeout = idle_timeout

        def setup(self):
            super().setup()
            self.rfile.close()  # only lets go of its reference to the socket
            self.rfile = io.BufferedReader(_DeadlineReader(self.connection, idle_timeout))

        def handle_one_request(self):
            """One request, its line and headers due within the head timeout."""
            self.rfile.raw.deadline = time.monotonic() + head_timeout
            try:
                super().handle_one_request()
            finally:
                self.disarm()

        def parse_request(self):
            try:
                return super().parse_request()
            finally:
                self.disarm()

        def disarm(self):
            self.rfile.raw.deadline = None
            # A WebSocket reads the socket itself, with whatever timeout the last read left.
            self.connection.settimeout(idle_timeout)

    class Server(ThreadedWSGIServer):
        request_queue_size = socket.SOMAXCONN

        def verify_request(self, request, client_address):
            return gate.admit(client_address[0])

        def process_request_thread(self, request, client_address):
            try:
                super().process_request_thread(request, client_address)
            finally:
                gate.release(client_address[0])

    Server(host, port, app, handler=Handler).serve_forever()
