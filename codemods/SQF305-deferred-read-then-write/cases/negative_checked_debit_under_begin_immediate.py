"""The read, the check and the debit in one transaction begun IMMEDIATE: the
write lock is held from before the read, so a concurrent debit waits for the
commit and then reads the lowered balance."""

import sqlite3

from flask import Flask, abort, request

app = Flask(__name__)


@app.post("/pay")
def pay():
    db = sqlite3.connect("coins.db", isolation_level=None)
    amount = int(request.form["amount"])
    db.execute("BEGIN IMMEDIATE")
    try:
        (balance,) = db.execute("SELECT balance FROM wallets WHERE id = ?", (7,)).fetchone()
        if balance < amount:
            abort(400)
        db.execute("UPDATE wallets SET balance = balance - ? WHERE id = ?", (amount, 7))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return "paid"


if __name__ == "__main__":
    app.run(threaded=True)
