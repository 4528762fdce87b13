"""What the reporter takes home: attendance lists, the reach report with the EU reporting
sheet, and the shareable reach card (no Qt; see ``mscd export``)."""
