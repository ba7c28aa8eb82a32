"""The owner check guards every use except the close, which runs once at
shutdown after the other threads stopped: not reported."""
import sqlite3
import threading


class Journal:
    def __init__(self, path):
        self._owner_thread = threading.get_ident()
        self._conn = sqlite3.connect(path, check_same_thread=False)

    def _is_owner(self):
        return threading.get_ident() == self._owner_thread

    def append(self, line):
        if not self._is_owner():
            raise RuntimeError("append from the owner thread only")
        self._conn.execute("INSERT INTO journal (line) VALUES (?)", (line,))
        self._conn.commit()

    def tail(self, n):
        if not self._is_owner():
            return []
        return self._conn.execute("SELECT line FROM journal ORDER BY rowid DESC LIMIT ?", (n,)).fetchall()

    def close(self):
        self._conn.commit()
        self._conn.close()
