# The wrapper's own transaction: BEGIN IMMEDIATE sent through it before the
# check, COMMIT after the insert, ROLLBACK on every other way out. The second
# caller waits for the first, then its check sees the row.
from cs50 import SQL
from flask import Flask, jsonify, request

app = Flask(__name__)
db = SQL("sqlite:///users.db")


@app.route("/register", methods=["POST"])
def register():
    name = request.form["username"]
    db.execute("BEGIN IMMEDIATE")
    try:
        if len(db.execute("SELECT id FROM users WHERE username = ?", name)) > 0:
            db.execute("ROLLBACK")
            return jsonify(error="taken"), 409
        db.execute("INSERT INTO users (username) VALUES (?)", name)
        db.execute("COMMIT")
    except Exception:
        db.execute("ROLLBACK")
        raise
    return jsonify(ok=True), 201
