"""Entries written by request threads; a rejected entry is rolled back."""
import threading
import time

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

import settings

engine = create_engine(
    settings.DATABASE_URL,
    connect_args={"check_same_thread": False},
    poolclass=StaticPool,
)


def init():
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS entry (name TEXT)")


def rejected(name):
    """Writes the entry, validates it for a while, then rolls it back."""
    with Session(engine) as s:
        s.execute(text("INSERT INTO entry VALUES (:n)"), {"n": name})
        time.sleep(0.2)
        s.rollback()


def accepted(name):
    time.sleep(0.05)
    with Session(engine) as s:
        s.execute(text("INSERT INTO entry VALUES (:n)"), {"n": name})
        s.commit()


def names():
    with Session(engine) as s:
        return sorted(r[0] for r in s.execute(text("SELECT name FROM entry")))


def serve(pairs):
    """Each request on a thread of its own, as a threaded server runs them."""
    threads = []
    for bad, good in pairs:
        threads.append(threading.Thread(target=rejected, args=(bad,)))
        threads.append(threading.Thread(target=accepted, args=(good,)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
