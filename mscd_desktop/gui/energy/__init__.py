"""The Live energy screen and its parts: the chart, the source dialog, presentation mode,
before/after comparison and export."""
