# The same wrapper on a PostgreSQL URL, or on a URL only the deployment knows:
# not SQLite as far as the source says, so not a SQLite connection.
import os

from cs50 import SQL
from flask import Flask, jsonify, request

app = Flask(__name__)
pg = SQL("postgresql://app@localhost/app")
anywhere = SQL(os.environ["DATABASE_URL"])


@app.route("/register", methods=["POST"])
def register():
    name = request.form["username"]
    if len(pg.execute("SELECT id FROM users WHERE username = ?", name)) > 0:
        return jsonify(error="taken"), 409
    pg.execute("INSERT INTO users (username) VALUES (?)", name)
    if len(anywhere.execute("SELECT id FROM users WHERE username = ?", name)) > 0:
        return jsonify(error="taken"), 409
    anywhere.execute("INSERT INTO users (username) VALUES (?)", name)
    return jsonify(ok=True), 201
