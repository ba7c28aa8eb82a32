import sqlite3


def init(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE docs (id TEXT PRIMARY KEY, pages INTEGER NOT NULL)")
    conn.execute("CREATE TABLE stats (name TEXT PRIMARY KEY, n INTEGER NOT NULL)")
    conn.execute("INSERT INTO docs VALUES ('d1', 0)")
    conn.execute("INSERT INTO stats VALUES ('uploads', 0)")
    conn.commit()
    conn.close()


def add_pages(path, doc_id, pages):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("BEGIN")
    row = conn.execute("SELECT pages FROM docs WHERE id = ?", (doc_id,)).fetchone()
    conn.execute("UPDATE docs SET pages = ? WHERE id = ?", (row[0] + pages, doc_id))
    conn.commit()
    conn.close()


def bump(path, name):
    conn = sqlite3.connect(path, timeout=5.0)
    row = conn.execute("SELECT n FROM stats WHERE name = ?", (name,)).fetchone()
    conn.execute("UPDATE stats SET n = ? WHERE name = ?", (row[0] + 1, name))
    conn.commit()
    conn.close()


def totals(path):
    conn = sqlite3.connect(path)
    pages = conn.execute("SELECT pages FROM docs WHERE id = 'd1'").fetchone()[0]
    uploads = conn.execute("SELECT n FROM stats WHERE name = 'uploads'").fetchone()[0]
    conn.close()
    return {"pages": pages, "uploads": uploads}
