# The URL comes from the environment with a SQLite file as its default: likely
# SQLite (a deployment may point it elsewhere), and the read-then-write is
# reported as on SQLite. No automatic fix: the wrapper has no `with` block that
# commits, so the note says to send BEGIN IMMEDIATE / COMMIT through it.
import os

from cs50 import SQL
from flask import Flask, request

app = Flask(__name__)
db = SQL(os.getenv("DATABASE_URL", "sqlite:///shop.db"))


@app.route("/buy", methods=["POST"])
def buy():
    item = int(request.form["item"])
    rows = db.execute("SELECT stock FROM items WHERE id = ?", item)
    stock = rows[0]["stock"]
    if stock > 0:
        db.execute("UPDATE items SET stock = ? WHERE id = ?", stock - 1, item)
    return "", 204
