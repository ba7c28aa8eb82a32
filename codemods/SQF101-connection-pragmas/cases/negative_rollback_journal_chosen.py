# The sensor keeps its store in the rollback journal on purpose: the report
# tool reads it as another, unprivileged user, who cannot create WAL's -wal and
# -shm files beside it (F-wal-needs-write). The writer says so, sets DELETE and
# a busy timeout; the readers wait too. WAL advice would undo the decision.
import sqlite3
import threading
import time

STORE = "/var/lib/sensor/events.db"


def open_writer():
    conn = sqlite3.connect(STORE, timeout=30)
    # DELETE, not WAL: readers without write access to the folder must still open it.
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def open_reader():
    return sqlite3.connect(STORE, timeout=30)


def ingest(queue):
    conn = open_writer()
    while True:
        batch = queue.get()
        conn.executemany("INSERT INTO events VALUES (?, ?)", batch)
        conn.commit()


def purge():
    conn = open_writer()
    while True:
        conn.execute("DELETE FROM events WHERE ts < strftime('%s','now') - 86400")
        conn.commit()
        time.sleep(3600)


def count_events():
    conn = open_reader()
    total = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    conn.close()
    return total


def main(queue):
    threading.Thread(target=ingest, args=(queue,), daemon=True).start()
    threading.Thread(target=purge, daemon=True).start()
