"""Tell the Kiosk installed in this Python environment where its data lives (its instance folder).

A line in a .pth file runs when the environment's Python starts: every `kiosk` command of this
environment then uses that folder, unless KIOSK_INSTANCE_PATH says otherwise.
Usage: python install/instance_path.py FOLDER (with the environment's own python).
"""

import pathlib
import sys
import sysconfig

folder = pathlib.Path(sys.argv[1]).resolve()
folder.mkdir(parents=True, exist_ok=True)
line = f"import os; os.environ.setdefault('KIOSK_INSTANCE_PATH', {str(folder)!r})\n"
(pathlib.Path(sysconfig.get_paths()["purelib"]) / "kiosk_instance.pth").write_text(line)
