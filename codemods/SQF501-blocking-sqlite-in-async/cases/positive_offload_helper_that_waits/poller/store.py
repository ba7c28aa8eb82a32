import sqlite3

DB = "feeds.db"


def fetch_due(limit):
    conn = sqlite3.connect(DB)
    try:
        return conn.execute("SELECT id, url FROM feeds WHERE due = 1 LIMIT ?", (limit,)).fetchall()
    finally:
        conn.close()


def mark_polled(feed_id):
    conn = sqlite3.connect(DB)
    with conn:
        conn.execute("UPDATE feeds SET due = 0 WHERE id = ?", (feed_id,))
    conn.close()


class FeedStore:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def touch(self, feed_id):
        with self.conn:
            self.conn.execute("UPDATE feeds SET touched = 1 WHERE id = ?", (feed_id,))


store = FeedStore(DB)
