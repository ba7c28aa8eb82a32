"""Orders placed from worker threads: each checks the stock, then takes it."""
from concurrent.futures import ThreadPoolExecutor

from shop import store


def place_order(item_id, quantity):
    with store.transaction() as cur:
        row = cur.execute("SELECT stock FROM items WHERE id = ?", (item_id,)).fetchone()
        if row[0] < quantity:
            raise ValueError("out of stock")
        cur.execute("UPDATE items SET stock = stock - ? WHERE id = ?", (quantity, item_id))
        cur.execute("INSERT INTO orders (item_id, quantity) VALUES (?, ?)", (item_id, quantity))


def rename_item(item_id, name):
    # Writes only: nothing read first, nothing to upgrade.
    with store.transaction() as cur:
        cur.execute("UPDATE items SET name = ? WHERE id = ?", (name, item_id))


def run(orders):
    with ThreadPoolExecutor(max_workers=8) as pool:
        for item_id, quantity in orders:
            pool.submit(place_order, item_id, quantity)
