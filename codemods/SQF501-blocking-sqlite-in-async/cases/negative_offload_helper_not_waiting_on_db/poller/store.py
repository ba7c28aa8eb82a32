import sqlite3


def mark_polled(feed_id):
    conn = sqlite3.connect("feeds.db")
    with conn:
        conn.execute("UPDATE feeds SET due = 0 WHERE id = ?", (feed_id,))
    conn.close()
