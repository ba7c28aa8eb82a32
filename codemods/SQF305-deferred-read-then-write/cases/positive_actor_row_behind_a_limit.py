"""The acting user's own wallet row, read by their session id, compared with
the price, and written back as an absolute value. One editor does not save it:
the user can race their own two requests past the one check (both see 10,
both pay 8), which is the attack on a balance. Reported."""

import sqlite3

from flask import Flask, abort, session

app = Flask(__name__)


@app.post("/redeem/<int:price>")
def redeem(price):
    conn = sqlite3.connect("wallet.db")
    row = conn.execute(
        "SELECT coins FROM wallets WHERE owner = ?", (session["user_id"],)
    ).fetchone()
    if row[0] < price:
        abort(402)
    conn.execute(
        "UPDATE wallets SET coins = ? WHERE owner = ?", (row[0] - price, session["user_id"])
    )
    conn.commit()
    return "ok"


if __name__ == "__main__":
    app.run(threaded=True)
