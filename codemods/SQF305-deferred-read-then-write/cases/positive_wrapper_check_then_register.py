# A thin SQL wrapper (cs50's SQL) on a SQLite file: each execute() is its own
# transaction (F-wrapper-autocommit). The register view checks the name and the
# email, then inserts; two registrations of one name in flight both pass the
# checks and the second INSERT fails the UNIQUE key (a 500, not the 409).
from cs50 import SQL
from flask import Flask, jsonify, request

app = Flask(__name__)
db = SQL("sqlite:///users.db")


@app.route("/register", methods=["POST"])
def register():
    name = request.form["username"]
    email = request.form["email"]
    taken = db.execute("SELECT id FROM users WHERE username = :name", name=name)
    if len(taken) > 0:
        return jsonify(error="name taken"), 409
    taken = db.execute("SELECT id FROM users WHERE email = :email", email=email)
    if len(taken) > 0:
        return jsonify(error="email taken"), 409
    db.execute("INSERT INTO users (username, email) VALUES (:name, :email)", name=name, email=email)
    return jsonify(ok=True), 201
