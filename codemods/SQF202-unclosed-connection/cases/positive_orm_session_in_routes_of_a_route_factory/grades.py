"""Views registered through the project's route decorators, each making an
ORM session it never closes. The engine's URL is read from the settings
module, where it names a SQLite file. Each request leaves its session (and
its pooled connection) to the cyclic GC, on the threaded server's request
threads (docs/sqlite-facts.md#F-unclosed-session)."""
import json

from flask import request
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from config import GRADEBOOK_URL
from routing import current_user, get_route, post_route

engine = create_engine(GRADEBOOK_URL)
Session = sessionmaker(bind=engine)


@get_route("/api/grades")
def list_grades():
    db = Session()
    user = current_user(db, request.args["user"])
    rows = db.execute(text("SELECT course, grade FROM grade WHERE student = :s"), {"s": user.name})
    return json.dumps([list(r) for r in rows])


@post_route("/api/grades/<course>")
def set_grade(course):
    db = Session()
    db.execute(
        text("INSERT INTO grade (course, student, grade) VALUES (:c, :s, :g)"),
        {"c": course, "s": request.form["user"], "g": request.form["grade"]},
    )
    db.commit()
    return json.dumps({"ok": True})


@get_route("/api/health")
def health():
    with Session() as db:
        db.execute(text("SELECT 1"))
    return "ok"
