"""Tools for developers (catalogue upkeep); not used by the running app."""
