"""``python -m mscd_desktop`` starts the GUI (the same as ``mscd-desktop``)."""

from mscd_desktop.gui.app import main

raise SystemExit(main())
