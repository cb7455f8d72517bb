#!/bin/sh
# Installs Kiosk from this folder, with no Internet: every package it needs is in wheels/.
# Usage: sh installer.sh [folder]   (default: ~/kiosk). Run again to update; the data stays.
set -e
here=$(cd "$(dirname "$0")" && pwd)
target=${1:-"$HOME/kiosk"}
PYTHON=${PYTHON:-python3}

sh "$here/prerequisites.sh" "$PYTHON"

echo "Installation de Kiosk dans $target …"
mkdir -p "$target"
target=$(cd "$target" && pwd)
[ -x "$target/venv/bin/python" ] || "$PYTHON" -m venv "$target/venv"
# Only the wheels of this folder: no index, no pip configuration or variables of this PC.
PIP_CONFIG_FILE=/dev/null "$target/venv/bin/python" -m pip --isolated install --quiet --no-index \
  --find-links "$here/wheels" --upgrade kiosk
# The data (database, secret key, backups) lives beside the programme, in instance/.
mkdir -p "$target/instance"
"$target/venv/bin/python" "$here/instance_path.py" "$target/instance"
"$target/venv/bin/kiosk" install-shortcut

echo
echo "Kiosk est installé."
echo "  Pour le démarrer : le bouton « Démarrer Kiosk » sur le bureau ou dans le menu,"
echo "  ou la commande : $target/venv/bin/kiosk start"
echo "  Pour qu’il démarre tout seul avec le PC : $target/venv/bin/kiosk install-service"
