"""A small library's store: every function opens its own connection to one
file and already waits 60 s for a lock. Nothing in the package starts a
thread, a pool or another process, so no second writer in view can hold the
file that long; the WAL advice is left out. With the default 5 s wait the same
package keeps the advice (its callers are unknown), and a project that starts
threads keeps it whatever the wait (edge_long_wait_no_named_writer)."""
import sqlite3

DB = "notes.db"


def add(title, body):
    conn = sqlite3.connect(DB, timeout=60)
    conn.execute("INSERT INTO notes (title, body) VALUES (?, ?)", (title, body))
    conn.execute("UPDATE stats SET added = added + 1")
    conn.commit()
    conn.close()


def rename(old, new):
    conn = sqlite3.connect(DB, timeout=60)
    conn.execute("UPDATE notes SET title = ? WHERE title = ?", (new, old))
    conn.commit()
    conn.close()
