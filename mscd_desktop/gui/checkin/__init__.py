"""The Check-in screen and its dialogs: scanning, verdicts, walk-ins, school groups, imports
and badge printing."""
