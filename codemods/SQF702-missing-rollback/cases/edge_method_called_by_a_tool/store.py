import json
import sqlite3


class DocsStore:
    def __init__(self, path):
        self._conn = sqlite3.connect(path, check_same_thread=False)

    def add_library(self, name, chunks):
        with self._conn:
            cur = self._conn.execute("INSERT INTO libraries (name) VALUES (?)", (name,))
            for chunk in chunks:
                self._conn.execute(
                    "INSERT INTO chunks (library_id, text) VALUES (?, ?)", (cur.lastrowid, chunk)
                )

    def remove_library(self, name):
        self._conn.execute("DELETE FROM chunks WHERE library = ?", (name,))
        self._conn.execute("DELETE FROM libraries WHERE name = ?", (name,))
        self._conn.execute("INSERT INTO audit (what) VALUES (?)", (json.dumps({"removed": name}),))
        self._conn.commit()
