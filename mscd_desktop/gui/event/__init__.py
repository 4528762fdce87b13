"""The Event screen: create, edit, open and close events."""
