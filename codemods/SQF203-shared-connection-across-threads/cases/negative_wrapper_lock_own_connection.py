"""Every wrapper here gets a connection of its own, opened for it (directly,
or by the function that builds it), so its own lock is all it needs."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor


class Ledger:
    def __init__(self, conn):
        self.cur = conn.cursor()
        self.conn = conn
        self.lock = threading.Lock()

    def record(self, amount):
        with self.lock:
            self.cur.execute("INSERT INTO ledger (amount) VALUES (?)", (amount,))
            self.conn.commit()


def handle(amount):
    conn = sqlite3.connect("ledger.db")
    ledger = Ledger(conn)
    ledger.record(amount)


audit = Ledger(sqlite3.connect("audit.db", check_same_thread=False))


def serve(amounts):
    with ThreadPoolExecutor() as pool:
        for amount in amounts:
            pool.submit(handle, amount)
    audit.record(sum(amounts))
