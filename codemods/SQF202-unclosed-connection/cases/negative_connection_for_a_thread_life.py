"""Monitor threads that open one connection when they start and use it in a
`while True:` loop that never ends: the connection lives as long as the thread,
one per thread, so nothing piles up; it is long-lived, not leaked per call."""
import sqlite3
import threading
import time

DB = "metrics.db"


def sample_load():
    conn = sqlite3.connect(DB, timeout=30)
    while True:
        conn.execute("INSERT INTO load (at, value) VALUES (?, ?)", (time.time(), 0.5))
        conn.commit()
        for (n,) in conn.execute("SELECT count(*) FROM load"):
            if n > 10000:
                break
        time.sleep(10)


def prune():
    conn = sqlite3.connect(DB, timeout=30)
    while 1:
        with conn:
            conn.execute("DELETE FROM load WHERE at < ?", (time.time() - 86400,))
        time.sleep(3600)


threading.Thread(target=sample_load, daemon=True).start()
threading.Thread(target=prune, daemon=True).start()
