"""A pool of one worker thread whose result the importer waits for: the
batches run one at a time, but on the pool's thread, and that thread is
still counted as a worker thread (its connections and what crosses to it
are the thread rules' question). Reported, as before."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

STORE = "imports.db"


def save_batch(rows):
    with sqlite3.connect(STORE) as conn:
        conn.executemany("INSERT INTO items (name) VALUES (?)", rows)
        conn.execute("UPDATE totals SET n = n + ?", (len(rows),))


def import_all(batches):
    pool = ThreadPoolExecutor(max_workers=1)
    for batch in batches:
        pool.submit(save_batch, batch).result()


if __name__ == "__main__":
    import_all([[("a",)], [("b",)]])
