"""Everything Qt: the main window, one module per screen, workers."""
