"""The `kiosk` command.

Serving with eventlet or gevent needs the standard library made cooperative before anything else is
imported, so this module runs first, patches when asked to serve, and only then loads Kiosk.
"""

import ast
import importlib.util
import os
import sys
import warnings
from pathlib import Path


def configured_database():
    """DATABASE_URL as KIOSK_DATABASE_URL or instance/config.py sets it, read without importing Kiosk."""
    if os.environ.get("KIOSK_DATABASE_URL"):
        return os.environ["KIOSK_DATABASE_URL"]
    instance = os.environ.get("KIOSK_INSTANCE_PATH")
    if not instance:
        package = importlib.util.find_spec("kiosk").submodule_search_locations[0]
        instance = Path(package).parent / "instance"
    try:
        tree = ast.parse((Path(instance) / "config.py").read_text())
    except (OSError, SyntaxError, ValueError):
        return ""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "DATABASE_URL" for t in node.targets
        ):
            try:
                return str(ast.literal_eval(node.value) or "")
            except ValueError:
                return ""
    return ""


def server_mode():
    """The async mode asked for (KIOSK_ASYNC_MODE), else gevent with PostgreSQL (psycopg cooperates
    with it, not with eventlet), else eventlet."""
    asked = os.environ.get("KIOSK_ASYNC_MODE")
    if asked:
        return asked
    return "gevent" if configured_database().startswith("postgres") else "eventlet"


def main():
    """Patch for the chosen server mode if serving, then run the Kiosk command line."""
    if sys.argv[1:2] == ["serve"]:
        mode = os.environ["KIOSK_ASYNC_MODE"] = server_mode()
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
