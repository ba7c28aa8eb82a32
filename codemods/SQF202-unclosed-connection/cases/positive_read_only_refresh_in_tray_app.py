"""A menu-bar app re-reads another tool's database on every timer tick through a
read-only `with connect()`: the `with` never closes, and the process stays up, so
one file handle per refresh piles up until "Too many open files"."""
import sqlite3

import rumps

LOGS_DB = "/home/user/.tool/logs.sqlite"


def latest_limits():
    try:
        with sqlite3.connect(f"file:{LOGS_DB}?mode=ro", uri=True) as conn:
            rows = conn.execute("SELECT ts, body FROM logs ORDER BY ts DESC LIMIT 50").fetchall()
    except sqlite3.Error:
        return None
    return rows[0] if rows else None


def thread_names():
    conn = sqlite3.connect(f"file:{LOGS_DB}?mode=ro", uri=True)
    return dict(conn.execute("SELECT id, name FROM threads").fetchall())


class App(rumps.App):
    @rumps.timer(30)
    def refresh(self, _):
        self.title = str(latest_limits())
        self.menu = list(thread_names())
