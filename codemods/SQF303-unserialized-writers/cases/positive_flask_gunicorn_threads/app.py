"""The same views served by gunicorn with four threads per worker: requests
run at once, and their multi-statement transactions queue in the busy
handler. Reported, as without deployment files."""
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
