"""The buyer's row is loaded once per request by a `before_request` hook and
kept on `g.user`; the purchase view compares its stock of credits with the
price and then takes the price off with `credits = credits - ?`. The row on
`g` was read at the start of the request, so two purchases at once both see
the old credits and both pass. The single-column form of the read
(`SELECT credits FROM ...`) behaves the same."""

import sqlite3

from flask import Flask, g, jsonify, session

app = Flask(__name__)


def connect():
    conn = sqlite3.connect("shop.db")
    conn.row_factory = sqlite3.Row
    return conn


@app.before_request
def load_user():
    db = connect()
    g.user = db.execute("SELECT * FROM members WHERE id = ?", (session.get("uid"),)).fetchone()


@app.post("/buy/<int:item_id>")
def buy(item_id):
    db = connect()
    price = db.execute("SELECT price FROM items WHERE id = ?", (item_id,)).fetchone()[0]
    if g.user["credits"] < price:
        return jsonify(error="not enough credits"), 402
    db.execute("UPDATE members SET credits = credits - ? WHERE id = ?", (price, g.user["id"]))
    db.execute("INSERT INTO orders (member, item) VALUES (?, ?)", (g.user["id"], item_id))
    db.commit()
    return jsonify(ok=True)


@app.post("/withdraw")
def withdraw():
    db = connect()
    amount = 5
    left = db.execute("SELECT credits FROM members WHERE id = ?", (g.user["id"],)).fetchone()[0]
    if left >= amount:
        db.execute("UPDATE members SET credits = credits - ? WHERE id = ?", (amount, g.user["id"]))
        db.commit()
    return jsonify(ok=True)


if __name__ == "__main__":
    app.run()
