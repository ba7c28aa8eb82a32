import sqlite3

CACHE_PATH = "thumbnails.db"


def thumbnail(key):
    with sqlite3.connect(CACHE_PATH) as conn:
        return conn.execute("SELECT data FROM thumbs WHERE key = ?", (key,)).fetchone()


def scratch():
    return sqlite3.connect(":memory:")
