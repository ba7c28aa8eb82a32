"""A settings store connects on first use. Its reads and writes hold the
store's lock, but the connect that runs before them does not: two threads
asking for a setting at start-up both connect, and the second one replaces
the connection (and cursor) the first is reading through."""
import sqlite3
import threading


class SettingsStore:
    def __init__(self, path):
        self.path = path
        self.db = None
        self.cur = None
        self.lock = threading.Lock()

    def open(self):
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.cur = self.db.cursor()

    def read(self, key):
        if self.db is None:
            self.open()
        with self.lock:
            self.cur.execute("SELECT value FROM settings WHERE key = ?", (key,))
            return self.cur.fetchone()

    def write(self, key, value):
        if self.db is None:
            self.open()
        with self.lock:
            self.cur.execute("REPLACE INTO settings VALUES (?, ?)", (key, value))
            self.db.commit()


STORE = SettingsStore("settings.db")


def poll(key):
    STORE.write(key, STORE.read(key))


def main():
    for key in ("theme", "lang"):
        threading.Thread(target=poll, args=(key,)).start()
