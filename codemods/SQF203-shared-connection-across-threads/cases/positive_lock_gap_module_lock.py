"""An outline cache shared by the background indexer thread and the editor's
callbacks. Its methods take the module's lock around the one cursor, except the
count the status bar asks for; the lock is re-entrant."""
import sqlite3
import threading

_DB_LOCK = threading.RLock()


class Outline:
    def __init__(self):
        self.conn = sqlite3.connect(":memory:", check_same_thread=False)
        self.cur = self.conn.cursor()
        self.cur.execute("CREATE TABLE items (name TEXT, kind TEXT)")

    def put(self, name, kind):
        with _DB_LOCK:
            self.cur.execute("INSERT INTO items VALUES (?, ?)", (name, kind))

    def of_kind(self, kind):
        with _DB_LOCK:
            self.cur.execute("SELECT name FROM items WHERE kind = ?", (kind,))
            return [r[0] for r in self.cur.fetchall()]

    def size(self):
        self.cur.execute("SELECT count(*) FROM items")
        return self.cur.fetchone()[0]


OUTLINE = Outline()


def index(names):
    for name in names:
        OUTLINE.put(name, "function")


def start(names):
    threading.Thread(target=index, args=(names,), daemon=True).start()


def status_text():
    return f"{OUTLINE.size()} symbols"
