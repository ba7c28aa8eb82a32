"""A "current session" helper closes the session the previous caller got before
making a new one; the download threads each log through it, so one thread's
session is closed while it is still writing."""
import threading

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///downloads.db", connect_args={"check_same_thread": False})
SessionFactory = sessionmaker(bind=engine)
_open_session = None


def current_session():
    global _open_session
    if _open_session:
        _open_session.close()
    _open_session = SessionFactory()
    return _open_session


def log_progress(job, percent):
    session = current_session()
    session.execute(text("UPDATE jobs SET percent = :p WHERE id = :j"), {"p": percent, "j": job})
    session.commit()


def download(job):
    for percent in range(0, 101, 10):
        log_progress(job, percent)


def start(jobs):
    for job in jobs:
        threading.Thread(target=download, args=(job,), daemon=True).start()
