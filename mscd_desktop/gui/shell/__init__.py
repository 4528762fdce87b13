"""The app shell: the entry point, the main window with its navigation, the list of screens
and the Settings dialog. The shell may import every screen; no screen imports the shell."""
