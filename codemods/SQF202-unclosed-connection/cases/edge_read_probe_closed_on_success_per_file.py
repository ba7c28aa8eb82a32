"""The same kind of read-only probe, closed only on success, but a scan runs it
once per file of a folder while a writer thread runs: each file that makes it
raise leaves a descriptor behind, one per failing file. Reported, naming the
loop; the writer's own `with` block (a connection kept for the thread's life,
around its endless loop) is not."""
import os
import sqlite3
import threading
import time

DB = "catalog.db"


def table_count(path):
    conn = sqlite3.connect(path)
    count = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    conn.close()
    return count


def scan(folder):
    return {name: table_count(os.path.join(folder, name)) for name in os.listdir(folder)}


def keep_catalog():
    with sqlite3.connect(DB) as db:
        while True:
            db.execute("UPDATE catalog SET seen = ?", (time.time(),))
            db.commit()
            time.sleep(60)


threading.Thread(target=keep_catalog, daemon=True).start()
