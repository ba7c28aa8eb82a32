"""Order completion: worker threads mark an order done and call the shop's
webhook before committing."""
import sqlite3
import threading
import time

DB_PATH = "orders.db"


def _connect():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def init(path, count):
    global DB_PATH
    DB_PATH = path
    conn = _connect()
    conn.execute("CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, status TEXT)")
    conn.executemany("INSERT OR REPLACE INTO orders VALUES (?, 'open')", [(i,) for i in range(count)])
    conn.commit()
    conn.close()


def notify(order_id):
    # The shop's webhook: a network round trip.
    time.sleep(0.05)


def complete(order_id):
    conn = _connect()
    conn.execute("UPDATE orders SET status = 'done' WHERE id = ?", (order_id,))
    notify(order_id)
    conn.commit()
    conn.close()


def complete_all(order_ids):
    errors = []

    def worker(order_id):
        try:
            complete(order_id)
        except sqlite3.OperationalError as e:
            errors.append(str(e))

    threads = [threading.Thread(target=worker, args=(i,)) for i in order_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def done(path):
    conn = sqlite3.connect(path)
    count = conn.execute("SELECT count(*) FROM orders WHERE status = 'done'").fetchone()[0]
    conn.close()
    return count
