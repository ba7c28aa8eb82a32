"""Edges of the route-decorator shape: a bare decorator (no URL argument)
that registers the view under its own name on a blueprint, and an engine
whose URL is another module's attribute that only defaults to a SQLite
file (so the finding is of medium confidence). The view that closes its
session in `finally` is not reported."""
from flask import Blueprint
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

import settings

bp = Blueprint("pages", __name__)
engine = create_engine(settings.DB_URL)
Session = sessionmaker(bind=engine)


def page(view):
    return bp.route("/" + view.__name__)(view)


@page
def stock():
    db = Session()
    return str(db.execute(text("SELECT sum(qty) FROM item")).scalar())


@page
def restock():
    db = Session()
    try:
        db.execute(text("UPDATE item SET qty = qty + 10 WHERE qty < 5"))
        db.commit()
    finally:
        db.close()
    return "ok"
