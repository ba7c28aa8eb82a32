"""The same tip, done atomically: the check is part of the UPDATE (`AND
balance >= ?`) and the refusal comes from the row count; and a second view
that keeps the Python check but consults `rowcount` afterwards. Neither can
take a balance below zero, whatever runs beside them."""

import sqlite3

from flask import Flask, abort, request

app = Flask(__name__)


def get_db():
    return sqlite3.connect("coins.db")


@app.post("/tip")
def tip():
    db = get_db()
    amount = int(request.form["amount"])
    row = db.execute("SELECT balance FROM accounts WHERE id = ?", (1,)).fetchone()
    if row[0] < amount:
        abort(400)
    cur = db.execute(
        "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
        (amount, 1, amount),
    )
    db.commit()
    return "sent" if cur.rowcount else "refused"


@app.post("/spend")
def spend():
    db = get_db()
    amount = int(request.form["amount"])
    row = db.execute("SELECT balance FROM accounts WHERE id = ?", (2,)).fetchone()
    if row[0] < amount:
        abort(400)
    cur = db.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, 2))
    if cur.rowcount == 0:
        db.rollback()
        abort(409)
    db.commit()
    return "spent"


if __name__ == "__main__":
    app.run(threaded=True)
