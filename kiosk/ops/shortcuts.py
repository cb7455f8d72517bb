"""The start button on the desktop and in the menu, and the service that starts Kiosk with the session.

Both follow the freedesktop and systemd conventions, so that they are found where the desktop looks:
$XDG_DATA_HOME/applications for the menu, the user's desktop folder, $XDG_CONFIG_HOME/systemd/user.
"""

import os
import shlex
import shutil
import subprocess
from pathlib import Path

DESKTOP_FILE = "kiosk.desktop"
SERVICE = "kiosk.service"


def _home_dir(variable, default):
    """A folder named by an XDG variable, else its default under the home folder."""
    value = os.environ.get(variable)
    return Path(value) if value and os.path.isabs(value) else Path.home() / default


def menu_folder():
    """Where the desktop's menu finds applications."""
    return _home_dir("XDG_DATA_HOME", ".local/share") / "applications"


def desktop_folder():
    """The user's desktop folder ("Bureau" on a French desktop), as xdg-user-dirs names it."""
    if os.environ.get("XDG_DESKTOP_DIR"):
        return Path(os.environ["XDG_DESKTOP_DIR"])
    dirs = _home_dir("XDG_CONFIG_HOME", ".config") / "user-dirs.dirs"
    try:
        for line in dirs.read_text().splitlines():
            if line.startswith("XDG_DESKTOP_DIR="):
                value = line.split("=", 1)[1].strip().strip('"')
                return Path(value.replace("$HOME", str(Path.home())))
    except OSError:
        pass
    for name in ("Bureau", "Desktop"):
        if (Path.home() / name).is_dir():
            return Path.home() / name
    return Path.home() / "Bureau"


def service_folder():
    """Where systemd looks for the user's own services."""
    return _home_dir("XDG_CONFIG_HOME", ".config") / "systemd" / "user"


def command(kiosk, instance_path, *args):
    """The command line running `kiosk` with these arguments on this instance folder."""
    return shlex.join(["env", f"KIOSK_INSTANCE_PATH={instance_path}", str(kiosk), *args])


def desktop_entry(kiosk, instance_path):
    """The "Démarrer Kiosk" launcher: starts the server if needed and opens the browser on it."""
    # The Exec key quotes like a shell but doubles its own backslashes (Desktop Entry spec).
    line = command(kiosk, instance_path, "start").replace("\\", "\\\\")
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.0",
            "Name=Démarrer Kiosk",
            "Comment=Accueil, questions et avis du café numérique",
            f"Exec={line}",
            "Icon=applications-internet",
            "Terminal=false",
            "Categories=Education;",
            "StartupNotify=false",
            "",
        ]
    )


def install_shortcut(kiosk, instance_path):
    """Write the launcher in the menu and on the desktop; returns the files written."""
    text = desktop_entry(kiosk, instance_path)
    written = []
    for folder in (menu_folder(), desktop_folder()):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / DESKTOP_FILE
        path.write_text(text, encoding="utf-8")
        # A launcher on the desktop runs only when executable, and on GNOME once marked trusted.
        path.chmod(0o755)
        if shutil.which("gio"):
            subprocess.run(
                ["gio", "set", str(path), "metadata::trusted", "true"], capture_output=True, check=False
            )
        written.append(path)
    return written


def service_unit(kiosk, instance_path, port):
    """The systemd user unit serving Kiosk on the room's network from the start of the session."""
    return "\n".join(
        [
            "[Unit]",
            # No network target: a user manager has none, and Kiosk finds the room's address at each request.
            "Description=Kiosk (accueil, questions et avis du café numérique)",
            "",
            "[Service]",
            "Type=simple",
            f"Environment={shlex.quote(f'KIOSK_INSTANCE_PATH={instance_path}')}",
            f"ExecStart={shlex.join([str(kiosk), 'serve', '--host', '0.0.0.0', '--port', str(port)])}",
            # Stopped on purpose (kiosk stop, systemctl stop) it stays stopped; a crash restarts it.
            "Restart=on-failure",
            "RestartSec=3",
            "",
            "[Install]",
            "WantedBy=default.target",
            "",
        ]
    )


def install_service(kiosk, instance_path, port):
    """Write the user unit; returns its path."""
    folder = service_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SERVICE
    path.write_text(service_unit(kiosk, instance_path, port), encoding="utf-8")
    return path


def systemctl(*args):
    """Run `systemctl --user`; True when it worked (there may be no user session manager)."""
    if not shutil.which("systemctl"):
        return False
    done = subprocess.run(["systemctl", "--user", *args], capture_output=True, text=True, check=False)
    return done.returncode == 0
