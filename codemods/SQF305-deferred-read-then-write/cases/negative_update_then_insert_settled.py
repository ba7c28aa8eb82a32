"""Upserts by hand that cannot insert twice: one lock held from the UPDATE to
the INSERT; a BEGIN IMMEDIATE transaction around both; one statement with ON
CONFLICT, or an INSERT OR REPLACE; a legacy-mode connection whose UPDATE opens
the transaction the INSERT commits (the write lock is held in between); and a
wrapper that no thread or other program runs beside itself."""
import sqlite3
import threading

_lock = threading.Lock()


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)

    def _run(self, sql, params=()):
        cur = self.conn.execute(sql, params)
        self.conn.commit()
        return cur

    def bump(self, key):
        with _lock:
            cur = self._run("UPDATE hits SET n = n + 1 WHERE key = ?", (key,))
            if cur.rowcount == 0:
                self._run("INSERT INTO hits (key, n) VALUES (?, 1)", (key,))

    def bump_immediate(self, key):
        self.conn.execute("BEGIN IMMEDIATE")
        cur = self.conn.execute("UPDATE hits SET n = n + 1 WHERE key = ?", (key,))
        if cur.rowcount == 0:
            self.conn.execute("INSERT INTO hits (key, n) VALUES (?, 1)", (key,))
        self.conn.execute("COMMIT")

    def bump_one_statement(self, key):
        cur = self._run("UPDATE hits SET n = n + 1 WHERE key = ?", (key,))
        if cur.rowcount == 0:
            self._run(
                "INSERT INTO hits (key, n) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET n = n + 1",
                (key,),
            )

    def set_note(self, key, value):
        cur = self._run("UPDATE notes SET value = ? WHERE key = ?", (value, key))
        if cur.rowcount == 0:
            self._run("INSERT OR REPLACE INTO notes (key, value) VALUES (?, ?)", (key, value))


def record(path, key):
    conn = sqlite3.connect(path, timeout=30)
    cur = conn.execute("UPDATE seen SET last = datetime('now') WHERE key = ?", (key,))
    if cur.rowcount == 0:
        conn.execute("INSERT INTO seen (key, last) VALUES (?, datetime('now'))", (key,))
    conn.commit()
    conn.close()


def serve(store, path):
    for n in range(4):
        threading.Thread(target=store.bump, args=(str(n),)).start()
        threading.Thread(target=store.bump_immediate, args=(str(n),)).start()
        threading.Thread(target=store.bump_one_statement, args=(str(n),)).start()
        threading.Thread(target=store.set_note, args=(str(n), "x")).start()
        threading.Thread(target=record, args=(path, str(n))).start()
