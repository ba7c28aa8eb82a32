"""A class hands out connections from a static method, and its own methods use
them as `with Ledger.open_db(path) as db:`. The `with` commits but never closes,
so a server calling these per request keeps one more descriptor each time.
Reported at every caller and once at the factory, where the fix belongs."""
import sqlite3

from flask import Flask

app = Flask(__name__)


class Ledger:
    @staticmethod
    def open_db(path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=20.0)
        db.execute("PRAGMA journal_mode=WAL")
        db.row_factory = sqlite3.Row
        return db

    def __init__(self, path):
        self.path = path

    def balance(self, account):
        with Ledger.open_db(self.path) as db:
            row = db.execute("SELECT total FROM balances WHERE account = ?", (account,)).fetchone()
        return row["total"] if row else 0

    def credit(self, account, amount):
        with Ledger.open_db(self.path) as db:
            db.execute("UPDATE balances SET total = total + ? WHERE account = ?", (amount, account))


ledger = Ledger("ledger.db")


@app.route("/credit/<account>/<int:amount>", methods=["POST"])
def credit(account, amount):
    ledger.credit(account, amount)
    return str(ledger.balance(account))
