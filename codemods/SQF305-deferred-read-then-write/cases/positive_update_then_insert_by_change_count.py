"""An upsert done by hand in a DB wrapper: UPDATE, check how many rows changed,
INSERT when none did, each statement through a helper that takes a lock per
statement and commits. Two worker threads upserting one new key both see no
change and both insert (F-update-then-insert). The second method compares
total_changes before and after instead of the cursor's rowcount; the third runs
on an autocommit connection with no helper."""
import sqlite3
import threading

_lock = threading.Lock()


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False, timeout=30)

    def _run(self, sql, params=()):
        with _lock:
            cur = self.conn.execute(sql, params)
            self.conn.commit()
            return cur

    def bump(self, key):
        cur = self._run("UPDATE hits SET n = n + 1 WHERE key = ?", (key,))
        if cur.rowcount == 0:
            self._run("INSERT INTO hits (key, n) VALUES (?, 1)", (key,))

    def remember(self, key, value):
        before = self.conn.total_changes
        self._run("UPDATE notes SET value = ? WHERE key = ?", (value, key))
        if self.conn.total_changes == before:
            self._run("INSERT INTO notes (key, value) VALUES (?, ?)", (key, value))


def record(path, key):
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    changed = conn.execute("UPDATE seen SET last = datetime('now') WHERE key = ?", (key,)).rowcount
    if not changed:
        conn.execute("INSERT INTO seen (key, last) VALUES (?, datetime('now'))", (key,))
    conn.close()


def serve(store, path):
    for n in range(4):
        threading.Thread(target=store.bump, args=(str(n),)).start()
        threading.Thread(target=store.remember, args=(str(n), "x")).start()
        threading.Thread(target=record, args=(path, str(n))).start()
