"""A lifespan that starts a poller: the poller's body runs while the server
serves, so its blocking work is reported; so is a helper the lifespan shares
with a route."""
import sqlite3

DB_PATH = "app.db"


def load_settings():
    conn = sqlite3.connect(DB_PATH)
    rows = dict(conn.execute("SELECT key, value FROM settings").fetchall())
    conn.close()
    return rows


async def poll_feeds():
    while True:
        conn = sqlite3.connect(DB_PATH)
        conn.execute("UPDATE feeds SET checked_at = CURRENT_TIMESTAMP")
        conn.commit()
        conn.close()
