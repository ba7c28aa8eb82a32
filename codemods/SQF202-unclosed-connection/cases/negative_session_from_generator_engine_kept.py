"""A results recorder that builds its engine and session factory once, in the
constructor, and takes a session per save from a generator helper, closing it
with `contextlib.closing`; and a probe whose per-call engine goes back to the
caller with its session factory (the caller keeps and disposes it)."""
import contextlib
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
        self.engine = create_engine(f"sqlite:///{path}")
        self.session_class = sessionmaker(bind=self.engine)

    def save(self, row):
        with contextlib.closing(self.session_class()) as db:
            db.add(row)
            db.commit()

    def save_via_generator(self, row):
        db = next(get_db(self.session_class))
        db.add(row)
        db.commit()


def open_results(path):
    engine = create_engine(f"sqlite:///{path}")
    session_class = sessionmaker(bind=engine)
    return engine, session_class


recorder = Recorder("results.db")


def run_trial(row):
    recorder.save(row)
    recorder.save_via_generator(row)


def run_all(rows):
    for row in rows:
        threading.Thread(target=run_trial, args=(row,)).start()
