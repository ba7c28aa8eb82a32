"""A small Flask app on Flask-SQLAlchemy: a best-effort audit helper swallows
a failed commit, and the route goes on using the same scoped session."""
import logging

from flask import Flask, redirect, render_template, request
from flask_sqlalchemy import SQLAlchemy

log = logging.getLogger(__name__)

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///library.db"
db = SQLAlchemy(app)


class Book(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200))


class Borrowing(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    book_id = db.Column(db.Integer)


def audit(event):
    try:
        db.session.add(Borrowing(book_id=event))
        db.session.commit()
    except Exception as exc:
        log.error("audit failed: %s", exc)


@app.route("/books/<int:book_id>/borrow", methods=["POST"])
def borrow(book_id):
    audit(book_id)
    book = db.session.get(Book, book_id)
    return render_template("book.html", book=book)


def _add_book(title):
    book = Book(title=title)
    db.session.add(book)
    db.session.commit()
    return book


@app.route("/books", methods=["POST"])
def add_book():
    try:
        _add_book(request.form["title"])
        return redirect("/books")
    except Exception:
        log.warning("could not add a book")
        return render_template("error.html"), 500
