"""Writes that need no read first: one-statement claims and atomic counters,
from worker threads."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine, text, update
from sqlalchemy.orm import Session

engine = create_engine("sqlite:///jobs.db")


def claim():
    with Session(engine) as session:
        row = session.execute(
            text(
                "UPDATE jobs SET state = 'running' WHERE id = "
                "(SELECT id FROM jobs WHERE state = 'queued' ORDER BY created LIMIT 1) "
                "RETURNING id"
            )
        ).first()
        session.commit()
        return row


def bump(key):
    with Session(engine) as session:
        session.execute(text("UPDATE counters SET hits = hits + 1 WHERE key = :k"), {"k": key})
        session.commit()


def report(key):
    with Session(engine) as session:
        return session.execute(text("SELECT hits FROM counters WHERE key = :k"), {"k": key}).scalar()


def mark_done(key):
    with engine.begin() as conn:
        conn.execute(update_done(key))


def update_done(key):
    return text("UPDATE jobs SET state = 'done' WHERE key = :k").bindparams(k=key)


def run(keys):
    with ThreadPoolExecutor(4) as pool:
        for k in keys:
            pool.submit(claim)
            pool.submit(bump, k)
            pool.submit(report, k)
            pool.submit(mark_done, k)
