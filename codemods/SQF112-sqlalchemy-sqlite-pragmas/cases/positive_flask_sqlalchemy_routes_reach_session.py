"""Flask's request threads run these routes, and the routes query through
Flask-SQLAlchemy (`Model.query`, `db.session`): the routes are the second
party the finding names."""
import os

from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
if os.environ.get("PANTRY_STAGE") == "live":
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:////var/lib/pantry/pantry.db"
else:
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///pantry-local.db"
db = SQLAlchemy(app)


class Jar(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    label = db.Column(db.String(60))


@app.route("/jars")
def jars():
    return jsonify([j.label for j in Jar.query.order_by(Jar.label).all()])


@app.route("/jars", methods=["POST"])
def add_jar():
    db.session.add(Jar(label=request.json["label"]))
    db.session.commit()
    return "", 201


if __name__ == "__main__":
    app.run()
