"""mscd-desktop: run energy-efficiency Open House days offline."""

__version__ = "0.1.0"
APP_NAME = "mscd-desktop"
ORGANISATION = "My Smart City District"
