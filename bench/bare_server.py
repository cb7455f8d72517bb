"""A bare python-socketio server broadcasting what it is sent: the yardstick for Kiosk's own overhead.

Run as `python bench/bare_server.py MODE PORT`; POST /post with a JSON body broadcasts it as "change".
"""

import sys

MODE, PORT = sys.argv[1], int(sys.argv[2])

if MODE == "eventlet":
    import eventlet

    eventlet.monkey_patch()
elif MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

import json  # noqa: E402

import socketio  # noqa: E402

sio = socketio.Server(async_mode=MODE, cors_allowed_origins=[])


def post(environ, start_response):
    """Broadcast the posted payload to every connected client."""
    size = int(environ.get("CONTENT_LENGTH") or 0)
    sio.emit("change", json.loads(environ["wsgi.input"].read(size)))
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b"{}"]


@sio.event
def connect(sid, environ, auth=None):
    """Greet each phone with one message, as Kiosk sends a screen coming back what it missed."""
    sio.emit("catchup", {"changes": []}, to=sid)


app = socketio.WSGIApp(sio, post)

if MODE == "eventlet":
    eventlet.wsgi.server(eventlet.listen(("127.0.0.1", PORT)), app, log_output=False)
elif MODE == "gevent":
    from gevent import pywsgi

    pywsgi.WSGIServer(("127.0.0.1", PORT), app, log=None).serve_forever()
else:
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", PORT, app, threaded=True)
