# composes: SQF301, SQF303, SQF202
# A thread writer that calls a webhook while its write transaction is open: moving
# the slow call out and serializing the transaction touch the same block.
import sqlite3
import threading

import requests

DB_PATH = "orders.db"


def _connect():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def complete(order_id):
    conn = _connect()
    conn.execute("UPDATE orders SET status = 'done' WHERE id = ?", (order_id,))
    requests.post("https://hooks.example.com/orders", json={"id": order_id}, timeout=10)
    conn.commit()
    conn.close()


def complete_all(order_ids):
    for order_id in order_ids:
        threading.Thread(target=complete, args=(order_id,)).start()
