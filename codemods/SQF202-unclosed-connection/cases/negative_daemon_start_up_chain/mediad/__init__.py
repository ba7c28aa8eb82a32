import os
import queue
import sqlite3
import threading
import time

DB_FILE = "mediad.db"
QUEUE = queue.Queue()
SETTINGS = None


class Settings:
    """Built once, at start-up: its constructor reads the stored flags."""

    def __init__(self, path):
        self.path = path
        self.flags = {}
        self._read_flags()

    def _read_flags(self):
        conn = sqlite3.connect(self.path)
        for key, value in conn.execute("SELECT key, value FROM flags"):
            self.flags[key] = value


def initialize(datadir):
    global DB_FILE, SETTINGS
    DB_FILE = os.path.join(datadir, "mediad.db")
    dbcheck()
    check_version()
    load_queue()
    SETTINGS = Settings(DB_FILE)


def dbcheck():
    conn = sqlite3.connect(DB_FILE)
    c = conn.cursor()
    c.execute("CREATE TABLE IF NOT EXISTS items (id TEXT UNIQUE, status TEXT)")
    c.execute("CREATE TABLE IF NOT EXISTS flags (key TEXT UNIQUE, value TEXT)")
    try:
        c.execute("SELECT added FROM items")
    except sqlite3.OperationalError:
        c.execute("ALTER TABLE items ADD COLUMN added INTEGER")
    conn.commit()


def check_version():
    conn = sqlite3.connect(DB_FILE)
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version < 3:
        conn.execute("PRAGMA user_version = 3")
        conn.commit()


def load_queue():
    with sqlite3.connect(DB_FILE) as conn:
        for (item,) in conn.execute("SELECT id FROM items WHERE status = 'wanted'"):
            QUEUE.put(item)


def start():
    threading.Thread(target=worker, daemon=True).start()


def worker():
    while True:
        item = QUEUE.get()
        print("fetching", item)


def wait():
    while True:
        time.sleep(1)
