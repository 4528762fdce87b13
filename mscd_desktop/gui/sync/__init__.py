"""The Sync screen: the hub, Sync now, refused records, what leaves the laptop."""
