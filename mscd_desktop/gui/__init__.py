"""Everything Qt: one package per screen (checkin, kiosk, energy, event, quiz_setup), what
they share (common) and the app shell that holds them (shell)."""
