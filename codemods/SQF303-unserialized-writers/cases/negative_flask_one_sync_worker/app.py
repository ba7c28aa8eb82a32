"""A Flask app whose views each open a connection and run a two-statement
transaction. The Procfile serves it with gunicorn and one sync worker: one
request at a time in one process, so no two views ever write at once and no
writer queues in the busy handler. Nothing to put in turn."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)
DB = "shop.db"


@app.route("/buy", methods=["POST"])
def buy():
    conn = sqlite3.connect(DB)
    conn.execute("INSERT INTO orders (item) VALUES (?)", (request.form["item"],))
    conn.execute("UPDATE stock SET qty = qty - 1 WHERE item = ?", (request.form["item"],))
    conn.commit()
    conn.close()
    return "ok"


@app.route("/restock", methods=["POST"])
def restock():
    conn = sqlite3.connect(DB)
    for item in request.form.getlist("item"):
        conn.execute("UPDATE stock SET qty = qty + 10 WHERE item = ?", (item,))
    conn.commit()
    conn.close()
    return "ok"
