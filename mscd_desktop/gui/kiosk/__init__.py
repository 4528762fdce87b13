"""The Kiosk screen: the children's quiz game, its pages, pictures, keys, lock and results."""
