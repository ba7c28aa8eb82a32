import sqlite3

# One connection for the whole process, opened at import.
db = sqlite3.connect(":memory:", check_same_thread=False)


def hit(key):
    db.execute("CREATE TABLE IF NOT EXISTS hits (key TEXT PRIMARY KEY, n INTEGER)")
    db.execute("INSERT OR IGNORE INTO hits VALUES (?, 0)", (key,))
    db.execute("UPDATE hits SET n = n + 1 WHERE key = ?", (key,))
    db.commit()
    return db.execute("SELECT n FROM hits WHERE key = ?", (key,)).fetchone()[0]


def reset():
    db.execute("DROP TABLE IF EXISTS hits")
    db.commit()


def remaining(key, limit=100):
    row = db.execute("SELECT n FROM hits WHERE key = ?", (key,)).fetchone()
    return limit - (row[0] if row else 0)
