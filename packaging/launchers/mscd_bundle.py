"""The bundle's one entry point: the command line when started as ``mscd`` (a link to the
app on Linux and macOS, an executable of its own with a console on Windows), else the app's
window (``mscd-desktop``, also ``--self-test``)."""

import sys
from pathlib import Path

if Path(sys.argv[0]).stem.lower() == "mscd":
    from mscd_desktop.cli import main
else:
    from mscd_desktop.gui.shell.app import main

raise SystemExit(main())
