"""An autocommit INSERT run once per row on worker threads: each row commits
alone, so a reader sees a batch partly written; reported once, for the loop."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "rows.db"


def save_batch(batch_id, rows):
    conn = sqlite3.connect(DB, isolation_level=None, timeout=10)
    for row in rows:
        conn.execute("INSERT INTO rows (batch, value) VALUES (?, ?)", (batch_id, row))
    conn.close()


with ThreadPoolExecutor(max_workers=8) as pool:
    for b in range(20):
        pool.submit(save_batch, b, list(range(50)))
