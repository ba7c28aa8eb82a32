"""Objects that keep a default connection but never leave the thread that built them."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor


class Ledger:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def add(self, amount):
        self.conn.execute("INSERT INTO ledger (amount) VALUES (?)", (amount,))
        self.conn.commit()


class Cursorless:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def total(self):
        return self.conn.execute("SELECT sum(amount) FROM ledger").fetchone()[0]


def worker(amount):
    # Built on the worker thread itself: its connection never crosses threads.
    ledger = Ledger("ledger.db")
    ledger.add(amount)


def main(amounts):
    with ThreadPoolExecutor() as pool:
        pool.map(worker, amounts)
    threading.Thread(target=worker, args=(1,)).start()
    # Used only on the main thread that built it.
    print(Cursorless("ledger.db").total())
