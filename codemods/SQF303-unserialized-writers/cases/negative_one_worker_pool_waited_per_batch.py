"""Each batch is handed to a pool of one worker process and the importer
waits for its result before reading the next batch: one writer at a time,
nothing to serialize."""
import sqlite3
from concurrent.futures import ProcessPoolExecutor

STORE = "imports.db"


def save_batch(rows):
    with sqlite3.connect(STORE) as conn:
        conn.executemany("INSERT INTO items (name) VALUES (?)", rows)
        conn.execute("UPDATE totals SET n = n + ?", (len(rows),))


def import_all(batches):
    pool = ProcessPoolExecutor(max_workers=1)
    for batch in batches:
        future = pool.submit(save_batch, batch)
        future.result()


if __name__ == "__main__":
    import_all([[("a",)], [("b",)]])
