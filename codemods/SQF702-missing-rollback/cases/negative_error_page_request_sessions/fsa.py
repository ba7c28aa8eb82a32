"""Flask-SQLAlchemy: `db.session` is removed at every request's teardown."""
from flask import Flask, render_template
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///fsa.db"
db = SQLAlchemy(app)


class Hit(db.Model):
    id = db.Column(db.Integer, primary_key=True)


@app.errorhandler(Exception)
def on_error(error):
    return render_template("500.html"), 500


@app.route("/hit", methods=["POST"])
def hit():
    db.session.add(Hit())
    db.session.commit()
    return "ok"
