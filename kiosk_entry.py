"""The `kiosk` command.

Serving with eventlet or gevent needs the standard library made cooperative before anything else is
imported, so this module runs first, patches when asked to serve, and only then loads Kiosk.
"""

import os
import sys
import warnings


def main():
    """Patch for the chosen server mode if serving, then run the Kiosk command line."""
    if sys.argv[1:2] == ["serve"]:
        mode = os.environ.setdefault("KIOSK_ASYNC_MODE", "eventlet")
        if mode == "eventlet":
            # eventlet warns about its own future on import; the room's organiser cannot act on it.
            warnings.filterwarnings("ignore", message=r"(?s).*eventlet", category=Warning)
            import eventlet

            eventlet.monkey_patch()
        elif mode == "gevent":
            from gevent import monkey

            monkey.patch_all()
    else:
        # Only the server needs green threads; every other command stays plain.
        os.environ["KIOSK_ASYNC_MODE"] = "threading"

    from kiosk.ops.cli import cli

    cli()


if __name__ == "__main__":
    main()
