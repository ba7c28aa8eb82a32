"""A code-search index built from the files of a source tree. It trades
durability for indexing speed with `synchronous=OFF`; when it finds the file
damaged (SQLite raises DatabaseError: "database disk image is malformed"), it
deletes the file and indexes the tree again. A power loss costs a re-index,
never data the sources do not hold."""
import os
import sqlite3

INDEX = ".codeindex.db"


def open_index(root):
    try:
        conn = sqlite3.connect(INDEX)
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError:
        os.remove(INDEX)
        conn = sqlite3.connect(INDEX)
        conn.execute("PRAGMA synchronous=OFF")
        reindex(conn, root)
    return conn


def reindex(conn, root):
    conn.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, body TEXT)")
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, errors="ignore") as f:
                conn.execute("INSERT OR REPLACE INTO files VALUES (?, ?)", (path, f.read()))
    conn.commit()
