"""A sync helper "offloads" the database work to a thread pool and then waits
for it: `submit(...).result()`, a future kept and waited for later, or
`pool.map` over a batch. The helper's caller stands still until the worker is
done, so the coroutines that call the helper block the loop for as long as
the worker waits on the database lock, just as if they ran the query."""
import functools
import sqlite3
from concurrent.futures import ThreadPoolExecutor

POOL = ThreadPoolExecutor(max_workers=4)
DB = "orders.db"


def _mark_paid(order_id):
    conn = sqlite3.connect(DB)
    with conn:
        conn.execute("UPDATE orders SET paid = 1 WHERE id = ?", (order_id,))
    conn.close()


def _count(status):
    conn = sqlite3.connect(DB)
    try:
        return conn.execute("SELECT count(*) FROM orders WHERE status = ?", (status,)).fetchone()[0]
    finally:
        conn.close()


def mark_paid(order_id):
    POOL.submit(_mark_paid, order_id).result()


def count(status):
    future = POOL.submit(functools.partial(_count, status))
    return future.result()


def mark_all_paid(order_ids):
    list(POOL.map(_mark_paid, order_ids))


async def on_payment(order_id):
    mark_paid(order_id)
    return count("paid")


async def on_batch(order_ids):
    mark_all_paid(order_ids)
