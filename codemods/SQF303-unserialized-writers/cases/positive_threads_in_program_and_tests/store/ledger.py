"""The same store, but the program runs it on a pool of its own as well as in
a test: the pool is the second party (reported, naming the pool's entry, not
the test's)."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB_PATH = "ledger.db"


def record(account, amount, path=DB_PATH):
    conn = sqlite3.connect(path, timeout=10)
    try:
        conn.execute(
            "INSERT INTO entries (account, amount) VALUES (?, ?)", (account, amount)
        )
        conn.execute(
            "UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, account)
        )
        conn.commit()
    finally:
        conn.close()


def import_batch(rows):
    with ThreadPoolExecutor(max_workers=4) as pool:
        for account, amount in rows:
            pool.submit(record, account, amount)
