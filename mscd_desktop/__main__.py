"""``python -m mscd_desktop`` starts the GUI (the same as ``mscd-desktop``)."""

from mscd_desktop.gui.shell.app import main

raise SystemExit(main())
