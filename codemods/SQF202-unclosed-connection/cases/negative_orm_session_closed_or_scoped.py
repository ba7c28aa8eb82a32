"""Sessions in threaded Flask views that are closed, handed out, or come
from a scoped registry the app removes at teardown: not reported."""
from flask import Flask, g
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///shop.db")
SessionLocal = sessionmaker(bind=engine)
Registry = scoped_session(sessionmaker(bind=engine))
app = Flask(__name__)


@app.teardown_appcontext
def remove_registry(exc):
    Registry.remove()


@app.route("/with")
def with_block():
    with SessionLocal() as db:
        return str(db.execute(text("SELECT count(*) FROM item")).scalar())


@app.route("/finally")
def closed_in_finally():
    db = SessionLocal()
    try:
        return str(db.execute(text("SELECT count(*) FROM item")).scalar())
    finally:
        db.close()


@app.route("/scoped")
def scoped():
    db = Registry()
    return str(db.execute(text("SELECT count(*) FROM item")).scalar())


@app.route("/kept")
def kept_on_g():
    g.db = SessionLocal()
    return "ok"


def session_for_caller():
    db = SessionLocal()
    return db
