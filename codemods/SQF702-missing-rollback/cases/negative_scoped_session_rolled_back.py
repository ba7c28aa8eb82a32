"""Handlers around commits on the scoped session that clean up: a rollback, a
re-raise, a helper that rolls back on its own failure."""
import logging

from flask import Flask, render_template
from flask_sqlalchemy import SQLAlchemy

log = logging.getLogger(__name__)

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///shop.db"
db = SQLAlchemy(app)


class Order(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    item = db.Column(db.String(80))


def place(item):
    try:
        db.session.add(Order(item=item))
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("order failed")


def place_or_fail(item):
    try:
        db.session.add(Order(item=item))
        db.session.commit()
    except Exception as exc:
        log.error("order failed: %s", exc)
        raise


def _save(item):
    try:
        db.session.add(Order(item=item))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


@app.route("/order/<item>")
def order(item):
    try:
        _save(item)
    except Exception:
        return render_template("error.html"), 500
    return render_template("ok.html")
