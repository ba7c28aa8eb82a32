"""The project's one SQLite file: a badge cache that only a worker thread
writes and the loop never touches. Its presence means the project does use
SQLite, so the table classes above are told apart by their base."""
import sqlite3
import threading

_cache = sqlite3.connect("badges.db", timeout=10, check_same_thread=False)
_cache.execute("PRAGMA journal_mode=WAL")
_lock = threading.Lock()


def remember(team, badge):
    with _lock, _cache:
        _cache.execute("INSERT INTO badges(team, badge) VALUES (?, ?)", (team, badge))


def start(team):
    threading.Thread(target=remember, args=(team, "gold"), daemon=True).start()
