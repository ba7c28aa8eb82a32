"""A tip endpoint: the sender's row is read a few lines up, its balance is
compared with the amount, and the debit is a relative UPDATE keyed by id
alone. The decrement itself loses nothing, but two requests from one sender
both read 10, both pass a check for 8, and both subtract: the balance ends at
-6 and the receiver is credited twice. The connection comes from a getter
that caches it on `g`, as in the Flask tutorial."""

import sqlite3

from flask import Flask, abort, g, request

app = Flask(__name__)


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("coins.db")
        g.db.row_factory = sqlite3.Row
    return g.db


@app.route("/tip/<int:receiver>", methods=["POST"])
def tip(receiver):
    db = get_db()
    amount = int(request.form["amount"])
    sender = db.execute(
        "SELECT id, balance FROM accounts WHERE id = ?", (request.form["sender"],)
    ).fetchone()
    if sender is None:
        abort(404)
    if sender["balance"] < amount:
        abort(400)
    db.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, sender["id"]))
    db.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, receiver))
    db.commit()
    return "sent"


if __name__ == "__main__":
    app.run(threaded=True)
