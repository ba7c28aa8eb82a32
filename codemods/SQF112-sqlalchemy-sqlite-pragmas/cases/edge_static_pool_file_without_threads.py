"""A one-connection pool on a file in a program that runs no threads: one
caller at a time, so the pool is not reported (the PRAGMA advice is, as for
any file engine whose concurrency is unknown)."""
from sqlalchemy import create_engine, text
from sqlalchemy.pool import StaticPool

engine = create_engine("sqlite:///notes.db", poolclass=StaticPool)


def count():
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM note")).scalar()
