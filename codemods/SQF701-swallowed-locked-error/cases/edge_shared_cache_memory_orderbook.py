"""The order book in a named in-memory database with `cache=shared`: every
connection of the process that names it shares it and its table locks, so it
is not private. This module opens only one connection to it, though, and each
worker process has its own copy; reported or not, the snapshot says which
(the shared-cache name is treated like a file, the conservative reading)."""
import logging
import multiprocessing
import sqlite3

log = logging.getLogger(__name__)


class OrderbookWatch:
    def __init__(self):
        self.db = sqlite3.connect("file:book?mode=memory&cache=shared", uri=True, check_same_thread=False)
        self.cur = self.db.cursor()
        self.cur.execute("CREATE TABLE orderbook (counterparty TEXT, oid INTEGER, price REAL)")

    def on_order_seen(self, counterparty, oid, price):
        try:
            self.cur.execute(
                "INSERT INTO orderbook VALUES (?, ?, ?)", (counterparty, oid, price)
            )
            self.db.commit()
        except sqlite3.OperationalError as e:
            log.debug("bad order from %s: %s", counterparty, e)

    def on_order_cancel(self, counterparty, oid):
        try:
            self.db.execute(
                "DELETE FROM orderbook WHERE counterparty = ? AND oid = ?", (counterparty, oid)
            )
            self.db.commit()
        except Exception as e:
            log.debug("cancel failed: %s", e)


def watch(feed):
    book = OrderbookWatch()
    for counterparty, oid, price in feed:
        book.on_order_seen(counterparty, oid, price)
        book.on_order_cancel(counterparty, oid)


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        pool.map(watch, [[("a", 1, 2.0)], [("b", 2, 3.0)]])
