"""The Quiz set-up screen: the organiser's view of the kiosk (packs, mode, questions per age
band, school group sessions, the day's games, the leaderboard reset)."""
