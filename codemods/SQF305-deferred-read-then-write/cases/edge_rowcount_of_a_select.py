"""A rowcount tested on a SELECT's cursor counts nothing written (sqlite3 sets
it to -1): no update-then-insert, so not this shape. The same wrapper run by a
single script with no thread and no other program: nobody inserts beside it."""
import sqlite3

conn = sqlite3.connect("cache.db", isolation_level=None)


def put(key, value):
    cur = conn.execute("SELECT 1 FROM cache WHERE key = ?", (key,))
    if cur.rowcount == 0:
        conn.execute("INSERT INTO cache (key, value) VALUES (?, ?)", (key, value))


def touch(key):
    cur = conn.execute("UPDATE cache SET hits = hits + 1 WHERE key = ?", (key,))
    if cur.rowcount == 0:
        conn.execute("INSERT INTO cache (key, hits) VALUES (?, 1)", (key,))


if __name__ == "__main__":
    put("a", "b")
    touch("a")
