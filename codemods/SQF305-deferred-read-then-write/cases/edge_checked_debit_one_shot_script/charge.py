"""A one-off script run by hand: it reads a balance, checks it and debits it.
Nothing else of the project writes the file while it runs (no threads, no
server, no second program), so the stale check has no second party: quiet."""

import sqlite3
import sys


def main():
    db = sqlite3.connect("ledger.db")
    amount = int(sys.argv[1])
    (balance,) = db.execute("SELECT balance FROM ledger WHERE id = 1").fetchone()
    if balance < amount:
        sys.exit("not enough")
    db.execute("UPDATE ledger SET balance = balance - ? WHERE id = 1", (amount,))
    db.commit()


if __name__ == "__main__":
    main()
