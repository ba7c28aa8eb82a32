"""The same static factory, but every caller closes what it gets: one wraps it
in `contextlib.closing`, one closes in `finally`. Nothing leaks."""
import contextlib
import sqlite3

from flask import Flask

app = Flask(__name__)


class Inventory:
    @staticmethod
    def open_db(path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=20.0)
        db.row_factory = sqlite3.Row
        return db

    def __init__(self, path):
        self.path = path

    def stock(self, sku):
        with contextlib.closing(Inventory.open_db(self.path)) as db, db:
            return db.execute("SELECT qty FROM stock WHERE sku = ?", (sku,)).fetchone()

    def take(self, sku):
        db = Inventory.open_db(self.path)
        try:
            with db:
                db.execute("UPDATE stock SET qty = qty - 1 WHERE sku = ?", (sku,))
        finally:
            db.close()


inventory = Inventory("inventory.db")


@app.route("/take/<sku>", methods=["POST"])
def take(sku):
    inventory.take(sku)
    return str(inventory.stock(sku))
