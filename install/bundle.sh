#!/bin/sh
# Writes the offline archive: Kiosk and every package it needs, as wheels for this machine (same Python
# version, same kind of PC), with the installer. Run on a PC with Internet, carry the archive to the room.
# Usage: sh install/bundle.sh PYTHON OUTPUT_FOLDER
set -e
PYTHON=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
name=kiosk-hors-ligne
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/$name/wheels" "$out"
# A fresh environment of this Python, so the wheels match it whatever else this PC has installed.
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip wheel --quiet --wheel-dir "$work/$name/wheels" "$root"
cp "$root/install/installer.sh" "$root/install/prerequisites.sh" "$root/install/instance_path.py" \
  "$root/install/LISEZMOI.txt" "$work/$name/"
[ -d "$root/docs/guide" ] && cp -r "$root/docs/guide" "$work/$name/guide"
tag=$("$PYTHON" -c 'import sys, sysconfig; print("py%d%d-%s" % (*sys.version_info[:2], sysconfig.get_platform()))')
archive="$out/$name-$tag.tar.gz"
tar -C "$work" -czf "$archive" "$name"
echo "Archive écrite : $archive"
echo "Sur le PC de la salle : tar xzf $(basename "$archive") && sh $name/installer.sh"
