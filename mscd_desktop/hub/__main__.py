"""``python -m mscd_desktop.hub``: the same as ``mscd-hub``."""

from mscd_desktop.hub.cli import main

main()
