"""The shared store: one connection opened at import by whichever program loads it."""
import sqlite3

conn = sqlite3.connect("feeds.db", isolation_level=None)


def save(feed, body):
    try:
        conn.execute("INSERT OR REPLACE INTO feeds (name, body) VALUES (?, ?)", (feed, body))
    except Exception as exc:
        print(f"could not save {feed}: {exc}")


def import_all(names, fetch):
    """Stores every feed, committing once at the end."""
    for name in names:
        conn.execute("INSERT OR REPLACE INTO feeds (name, body) VALUES (?, ?)", (name, fetch(name)))
    conn.commit()
