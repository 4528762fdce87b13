"""The cluster hub server (``mscd-hub``): receives the synced results of every laptop."""
