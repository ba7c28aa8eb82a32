import sqlite3
import threading

# Allowed on any thread, and every use is serialized by one lock: the offloaded
# helper takes its turn on the connection instead of raising.
db = sqlite3.connect("usage.db", check_same_thread=False)
db_lock = threading.Lock()


def record(nbytes, what):
    with db_lock:
        db.execute("INSERT INTO usage (nbytes, what) VALUES (?, ?)", (nbytes, what))
        db.commit()


def total():
    with db_lock:
        return db.execute("SELECT sum(nbytes) FROM usage").fetchone()[0]
