# DELETE is set here only on a one-off export file, and WAL on the main store:
# no project-wide choice of the rollback journal. The audit log below opens a
# third file, written by several threads, with neither: still reported.
import sqlite3
import threading

STORE = "store.db"
AUDIT = "audit.db"


def export(path, rows):
    out = sqlite3.connect(path)
    out.execute("PRAGMA journal_mode=DELETE")
    out.executemany("INSERT INTO rows VALUES (?, ?)", rows)
    out.commit()
    out.close()


def open_store():
    conn = sqlite3.connect(STORE, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def audit(event):
    conn = sqlite3.connect(AUDIT)
    conn.execute("INSERT INTO audit (event) VALUES (?)", (event,))
    conn.execute("UPDATE counters SET n = n + 1 WHERE name = ?", (event,))
    conn.commit()
    conn.close()


def worker(events):
    for event in events:
        audit(event)
        store = open_store()
        store.execute("INSERT INTO seen (event) VALUES (?)", (event,))
        store.commit()
        store.close()


def main(streams):
    for events in streams:
        threading.Thread(target=worker, args=(events,)).start()
