"""The same shape of catch-all around HTTP calls, but the write inside records
state the program relies on: the order is marked as sent to the carrier. A
lock error there is swallowed with the network errors, and the order is sent
again (or never marked) without anyone knowing: still reported."""

import sqlite3
import threading
import time

import requests

DB = "orders.db"


def mark_sent(conn, order_id, tracking):
    conn.execute(
        "UPDATE orders SET state = 'sent', tracking = ? WHERE id = ?", (tracking, order_id)
    )
    conn.commit()


def ship(conn, order):
    try:
        resp = requests.post("https://carrier.example/shipments", json=order, timeout=10)
        resp.raise_for_status()
        mark_sent(conn, order["id"], resp.json()["tracking"])
    except Exception as e:
        print(f"order {order['id']} not shipped: {e}")


def import_orders():
    """Holds the write lock across the shop's API calls."""
    conn = sqlite3.connect(DB)
    with conn:
        for page in range(5):
            rows = requests.get(f"https://shop.example/orders?page={page}", timeout=10).json()
            for row in rows:
                conn.execute("INSERT INTO orders (id, body, state) VALUES (?, ?, 'new')", (row["id"], str(row)))


def ship_forever():
    conn = sqlite3.connect(DB)
    while True:
        for (order_id,) in conn.execute("SELECT id FROM orders WHERE state = 'new'").fetchall():
            ship(conn, {"id": order_id})
        time.sleep(60)


if __name__ == "__main__":
    threading.Thread(target=import_orders).start()
    ship_forever()
