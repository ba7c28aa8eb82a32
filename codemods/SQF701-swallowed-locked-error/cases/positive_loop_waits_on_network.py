"""A price-sync thread fetches each product's price and updates it inside one
transaction, committed after the loop: the write lock is held across every
request. The order thread's one-row insert waits out its busy timeout and the
lock error is printed and dropped."""

import sqlite3
import threading

import requests

DB_PATH = "shop.db"


def sync_prices(product_ids):
    conn = sqlite3.connect(DB_PATH)
    for pid in product_ids:
        price = requests.get(f"https://prices.example/{pid}", timeout=10).json()["price"]
        conn.execute("UPDATE products SET price = ? WHERE id = ?", (price, pid))
    conn.commit()
    conn.close()


def place_order(user_id, product_id):
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("INSERT INTO orders (user_id, product_id) VALUES (?, ?)", (user_id, product_id))
        conn.commit()
    except Exception as e:
        print(e)
    finally:
        conn.close()


def start(product_ids, orders):
    threading.Thread(target=sync_prices, args=(product_ids,)).start()
    threading.Thread(target=lambda: [place_order(u, p) for u, p in orders]).start()
