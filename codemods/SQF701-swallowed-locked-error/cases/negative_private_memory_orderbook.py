"""An order book kept in a private in-memory database: each process that runs
this module builds its own (`:memory:` is never shared between connections),
so no other connection can hold a lock on it and no 'database is locked' can
be what the handler swallows. The worker processes each have their own book."""
import logging
import multiprocessing
import sqlite3

log = logging.getLogger(__name__)


class OrderbookWatch:
    def __init__(self):
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
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
