"""Two worker processes take the batches; the importer waits only at the end:
two writers can hold transactions on the store at once. Reported."""
import sqlite3
from concurrent.futures import ProcessPoolExecutor

STORE = "imports.db"


def save_batch(rows):
    with sqlite3.connect(STORE) as conn:
        conn.executemany("INSERT INTO items (name) VALUES (?)", rows)
        conn.execute("UPDATE totals SET n = n + ?", (len(rows),))


def import_all(batches):
    pool = ProcessPoolExecutor(max_workers=2)
    futures = [pool.submit(save_batch, batch) for batch in batches]
    for future in futures:
        future.result()


if __name__ == "__main__":
    import_all([[("a",)], [("b",)]])
