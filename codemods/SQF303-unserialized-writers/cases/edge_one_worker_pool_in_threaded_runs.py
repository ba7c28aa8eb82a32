"""Each run waits for a one-worker pool, but the runs themselves are threads
started side by side: two runs' pool workers write at once. Reported."""
import sqlite3
import threading
from concurrent.futures import ProcessPoolExecutor

LEDGER = "ledger.db"


def settle(day):
    with sqlite3.connect(LEDGER) as conn:
        conn.execute("UPDATE accounts SET balance = balance + pending WHERE day = ?", (day,))
        conn.execute("UPDATE accounts SET pending = 0 WHERE day = ?", (day,))


def run(day):
    with ProcessPoolExecutor(max_workers=1) as pool:
        pool.submit(settle, day).result()


if __name__ == "__main__":
    for day in ["mon", "tue"]:
        threading.Thread(target=run, args=(day,)).start()
