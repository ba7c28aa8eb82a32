import sqlite3


def init(path):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS jobs (name TEXT NOT NULL)")


def record(path, name):
    conn = sqlite3.connect(path, timeout=0.2)
    conn.execute("INSERT INTO jobs (name) VALUES (?)", (name,))
    if name.startswith("bad"):
        raise ValueError(f"rejected job {name!r}")
    conn.commit()
    conn.close()


def names(path):
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM jobs ORDER BY rowid")]
