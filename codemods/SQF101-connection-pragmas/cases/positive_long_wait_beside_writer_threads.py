"""A 30 s wait does not silence the advice when the second writer is named:
two threads write the same file, each on its own connection, in loops. In the
rollback journal each one blocks the other's readers and writers for as long
as it holds the lock, whatever the wait."""
import sqlite3
import threading
import time

METRICS = "metrics.db"


def ingest_forever(source):
    conn = sqlite3.connect(METRICS, timeout=30)
    while True:
        conn.execute("INSERT INTO samples (v) VALUES (?)", (0,))
        conn.execute("UPDATE totals SET n = n + 1")
        conn.commit()
        time.sleep(0.2)


def rollup_forever():
    conn = sqlite3.connect(METRICS, timeout=30)
    while True:
        conn.execute("INSERT INTO hourly SELECT avg(v) FROM samples")
        conn.execute("DELETE FROM samples")
        conn.commit()
        time.sleep(0.2)


def main(source):
    threading.Thread(target=ingest_forever, daemon=True).start()
    threading.Thread(target=rollup_forever, daemon=True).start()
