"""A wrapper whose `__init__` opens the connection (default check_same_thread) is
built on the main thread and handed, as a plain argument, to a function that
runs on another thread: a `Thread`'s `args`, an executor's `submit`, or
`asyncio.to_thread`. The worker calls its methods there, and every use of the
connection raises ProgrammingError."""
import asyncio
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor


class Inventory:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def record(self, sku):
        self.conn.execute("INSERT INTO moves (sku) VALUES (?)", (sku,))
        self.conn.commit()


class PriceBook:
    def __init__(self, path):
        self.db = sqlite3.connect(path)

    def price(self, sku):
        return self.db.execute("SELECT price FROM prices WHERE sku = ?", (sku,)).fetchone()


class Journal:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def note(self, text):
        self.conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))
        self.conn.commit()


def restock(inventory, skus):
    for sku in skus:
        inventory.record(sku)


def quote(book, sku):
    return book.price(sku)


def write_note(journal, text):
    journal.note(text)


def main(skus):
    inventory = Inventory("stock.db")
    worker = threading.Thread(target=restock, args=(inventory, skus))
    worker.start()
    book = PriceBook("prices.db")
    with ThreadPoolExecutor() as pool:
        return [pool.submit(quote, book, sku) for sku in skus]


async def handler(text):
    journal = Journal("journal.db")
    await asyncio.to_thread(write_note, journal, text)
