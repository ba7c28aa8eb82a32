"""The same existence check, but the write follows it at once and the HTTP
call comes after the commit: the window is microseconds and a duplicate is
what the unique key on `order_id` rejects. Nothing to report."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import requests

DB = "shop.db"


def record_order(order_id, user_id):
    conn = sqlite3.connect(DB, timeout=10)
    done = conn.execute("SELECT 1 FROM buyers WHERE order_id = ?", (order_id,)).fetchone()
    if done:
        conn.close()
        return
    conn.execute("INSERT INTO buyers (order_id, user_id) VALUES (?, ?)", (order_id, user_id))
    conn.commit()
    conn.close()
    requests.post("https://hooks.example/ordered", json={"order": order_id}, timeout=10)


pool = ThreadPoolExecutor(max_workers=2)


def on_callback(data, user_id):
    pool.submit(record_order, data["order"], user_id)
