"""One sync worker (gunicorn.conf.py says `workers = 1`), so the views never
write beside each other: `rename` is quiet. But `restock` also runs on a sync
thread the app starts for each upload: that thread and a request can write at
once, and so can several such threads; it stays reported, naming the thread."""
import sqlite3
import threading

from flask import Flask, request

app = Flask(__name__)
DB = "shop.db"


def restock(items):
    conn = sqlite3.connect(DB)
    for item in items:
        conn.execute("UPDATE stock SET qty = qty + 10 WHERE item = ?", (item,))
    conn.commit()
    conn.close()


@app.route("/rename", methods=["POST"])
def rename():
    conn = sqlite3.connect(DB)
    conn.execute("UPDATE stock SET item = ? WHERE item = ?", (request.form["new"], request.form["old"]))
    conn.execute("UPDATE orders SET item = ? WHERE item = ?", (request.form["new"], request.form["old"]))
    conn.commit()
    conn.close()
    return "ok"


@app.route("/restock", methods=["POST"])
def restock_view():
    restock(request.form.getlist("item"))
    return "ok"


@app.route("/upload", methods=["POST"])
def upload():
    items = request.files["list"].read().decode().split()
    threading.Thread(target=restock, args=(items,)).start()
    return "queued"
