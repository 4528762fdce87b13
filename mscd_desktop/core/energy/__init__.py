"""Live energy data: sources, ring buffers, numbers people understand (no Qt)."""
