"""``python -m mscd_desktop.cli`` is ``mscd``."""

from mscd_desktop.cli import main

main()
