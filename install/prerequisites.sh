#!/bin/sh
# What Kiosk needs before anything is installed: Python 3.11 or newer, with its "venv" module and pip.
# Says in plain French what is missing and the exact command that installs it. Exit status 1 if something is.
# Usage: sh install/prerequisites.sh [python command]   (default: python3)
PYTHON=${1:-python3}

missing() {
  printf '\n%s\n' "Kiosk ne peut pas encore s’installer sur ce PC." >&2
  printf '%s\n' "$@" >&2
  printf '%s\n\n' "Ensuite, relancez la même commande." >&2
  exit 1
}

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  missing "Il manque Python 3 (le langage dans lequel Kiosk est écrit)." \
    "Pour l’installer, ouvrez un terminal et tapez :" \
    "    sudo apt install python3 python3-venv"
fi

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  found=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo "?")
  missing "Kiosk demande Python 3.11 ou plus récent. Ce PC a Python $found." \
    "Mettez le système à jour : Debian 12, Ubuntu 24.04 ou plus récent ont la bonne version."
fi

if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
  version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  missing "Il manque le module « venv » de Python (il range Kiosk dans son propre dossier)." \
    "Pour l’installer, ouvrez un terminal et tapez :" \
    "    sudo apt install python3-venv python$version-venv"
fi
