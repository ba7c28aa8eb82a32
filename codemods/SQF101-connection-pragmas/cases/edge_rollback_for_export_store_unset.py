# The rollback journal is chosen for one file only: a nightly export that a
# reporting user without write access to the folder opens. The live store
# beside it, written by two threads, sets no journal mode at all. The choice
# made for the export says nothing about the store (a journal mode belongs to
# one database file, F-wal-persists): the store's connection is still reported,
# the export's is not.
import sqlite3
import threading
import time

STORE = "/var/lib/tracker/store.db"
EXPORT = "/srv/reports/export.db"


def open_store():
    return sqlite3.connect(STORE)


def open_export():
    conn = sqlite3.connect(EXPORT, timeout=30)
    # DELETE, not WAL: the report user cannot create -wal and -shm files there.
    conn.execute("PRAGMA journal_mode=DELETE")
    return conn


def record(queue):
    conn = open_store()
    while True:
        item = queue.get()
        conn.execute("INSERT INTO hits (path, ts) VALUES (?, ?)", item)
        conn.commit()


def prune():
    conn = open_store()
    while True:
        conn.execute("DELETE FROM hits WHERE ts < strftime('%s','now') - 86400")
        conn.commit()
        time.sleep(600)


def export_once():
    src = open_store()
    dst = open_export()
    rows = src.execute("SELECT path, count(*) FROM hits GROUP BY path").fetchall()
    dst.executemany("INSERT INTO daily (path, n) VALUES (?, ?)", rows)
    dst.commit()
    dst.close()
    src.close()


def main(queue):
    threading.Thread(target=record, args=(queue,), daemon=True).start()
    threading.Thread(target=prune, daemon=True).start()
    threading.Thread(target=export_once, daemon=True).start()
