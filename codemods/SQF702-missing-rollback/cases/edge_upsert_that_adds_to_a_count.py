"""Upserts, but one adds to a stored count (`DO UPDATE SET hits = hits + 1`): a
batch cut short, committed by the next commit and then repeated counts the
first rows twice. Does not converge, so it stays reported."""
import sqlite3
import threading


class Stats:
    def __init__(self, path):
        self._conn = sqlite3.connect(path, check_same_thread=False)

    def record(self, pages):
        for page in pages:
            self._conn.execute(
                "INSERT INTO hits (page, hits) VALUES (?, 1) "
                "ON CONFLICT(page) DO UPDATE SET hits = hits + 1",
                (page,),
            )
            self._conn.execute(
                "INSERT OR REPLACE INTO last_seen (page, at) VALUES (?, datetime('now'))",
                (page,),
            )
        self._conn.commit()


stats = Stats("stats.db")
threading.Thread(target=stats.record, args=(["/a", "/b"],), daemon=True).start()
stats.record(["/c"])
