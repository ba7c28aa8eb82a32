"""A results recorder that builds an engine and a session factory on every
save, takes a session from a generator helper with `next()` and commits. The
dropped generator's `finally: db.close()` runs as soon as `next()` returns on
CPython (docs/sqlite-facts.md#F-next-generator-session), but the engine is
never disposed: its pool keeps the sqlite3 connection the commit used, so each
save from the worker threads leaves a file handle open until the cyclic GC."""
import threading

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker


def get_db(session_class):
    try:
        db = session_class()
        yield db
    finally:
        db.close()


class Recorder:
    def __init__(self, path):
        self.path = path

    def save(self, row):
        engine = create_engine(f"sqlite:///{self.path}")
        session_class = sessionmaker(bind=engine)
        db = next(get_db(session_class))
        db.add(row)
        db.commit()


recorder = Recorder("results.db")


def run_trial(row):
    recorder.save(row)


def run_all(rows):
    for row in rows:
        threading.Thread(target=run_trial, args=(row,)).start()
