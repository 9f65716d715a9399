"""Telegram and the command line, adapted to the index and retrieval cores."""
