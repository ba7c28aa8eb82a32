"""An authentication decorator reads the caller's row and hands it to the view
as its first argument; the view checks the row's balance against the amount
and decrements it by id. The row is from the start of the request, before any
concurrent request's debit: the check is stale. The decorator's own SELECT is
not followed; the column tested on the handed-in row and the table the UPDATE
debits stand for it."""

import functools
import sqlite3

from flask import Flask, abort, request

app = Flask(__name__)


def db():
    conn = sqlite3.connect("bank.db")
    conn.row_factory = sqlite3.Row
    return conn


def authenticated(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        token = request.headers.get("Authorization", "")
        user = db().execute("SELECT * FROM users WHERE token = ?", (token,)).fetchone()
        if user is None:
            abort(401)
        return view(user, *args, **kwargs)

    return wrapper


@app.post("/transfer")
@authenticated
def transfer(user):
    amount = int(request.json["amount"])
    if amount > user["balance"]:
        raise ValueError("insufficient funds")
    conn = db()
    conn.execute("UPDATE users SET balance = balance - ? WHERE id = ?", (amount, user["id"]))
    conn.execute(
        "UPDATE users SET balance = balance + ? WHERE id = ?", (amount, request.json["to"])
    )
    conn.commit()
    return {"ok": True}
