"""Flask views (the development server is threaded by default since 1.0)
that make a session per request and never close it: each keeps its pooled
connection until the cyclic GC (docs/sqlite-facts.md#F-unclosed-session)."""
from flask import Flask, jsonify, request
from sqlalchemy import text
from sqlalchemy.orm import Session

from database import SessionLocal, engine, new_session

app = Flask(__name__)


def count_rows(db, table):
    return db.execute(text(f"SELECT count(*) FROM {table}")).scalar()


@app.route("/assignments")
def assignments():
    db = SessionLocal()
    rows = db.execute(text("SELECT id FROM assignment")).all()
    return jsonify([r[0] for r in rows])


@app.route("/submit", methods=["POST"])
def submit():
    db = SessionLocal()
    db.execute(text("INSERT INTO submission (body) VALUES (:b)"), {"b": request.data})
    db.commit()
    return "ok"


@app.route("/status")
def status():
    s = new_session()
    return jsonify({"submissions": count_rows(s, "submission")})


@app.route("/feedback/<int:sid>")
def feedback(sid):
    db = Session(engine)
    row = db.execute(text("SELECT body FROM feedback WHERE id = :i"), {"i": sid}).first()
    if row is None:
        return "missing", 404
    return row[0]


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, threaded=True)
