"""Pure-Python services of mscd-desktop. Nothing below this package imports Qt."""
