"""A shop's payment-check handler: whether the order was already delivered is
read, the payment provider is asked over HTTP (seconds), and only then is the
buyer recorded and the item taken. Handlers run on worker threads, so a double
tap passes the check twice before either write: the goods go out twice."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import requests

DB = "shop.db"


def check_payment(order_id, user_id):
    conn = sqlite3.connect(DB, timeout=10)
    done = conn.execute("SELECT 1 FROM buyers WHERE order_id = ?", (order_id,)).fetchone()
    if done:
        conn.close()
        return "already delivered"
    status = requests.get(f"https://pay.example/api/orders/{order_id}", timeout=10).json()
    if status["state"] != "paid":
        conn.close()
        return "not paid"
    conn.execute("INSERT INTO buyers (order_id, user_id) VALUES (?, ?)", (order_id, user_id))
    conn.execute("DELETE FROM stock WHERE id = (SELECT item_id FROM orders WHERE id = ?)", (order_id,))
    conn.commit()
    conn.close()
    return "delivered"


pool = ThreadPoolExecutor(max_workers=2)


def on_callback(data, user_id):
    pool.submit(check_payment, data["order"], user_id)
