"""A FastAPI service. The first version of the index rebuild was replaced and
nothing calls it any more: no route, no import, no string names it, so its
leak never happens unless something looks it up by a computed name. Its
findings are kept at Low confidence with a note saying so (under the default
`dead-code = "low"`); the live route closes its connection."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()


def rebuild_index_v1(path):
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM idx")
    conn.execute("INSERT INTO idx SELECT id, title FROM docs")
    conn.commit()


def rebuild_index(path):
    conn = sqlite3.connect(path)
    try:
        conn.execute("DELETE FROM idx")
        conn.execute("INSERT INTO idx SELECT id, title FROM docs")
        conn.commit()
    finally:
        conn.close()


class Archive:
    def __init__(self, path):
        self.path = path

    def old_export(self):
        with sqlite3.connect(self.path) as conn:
            return conn.execute("SELECT * FROM docs").fetchall()


@app.post("/reindex")
def reindex():
    rebuild_index("app.db")
    return {"ok": True, "archive": Archive("app.db").path}
