import time

from sqlalchemy import create_engine, text


def make_engine(path):
    engine = create_engine(f"sqlite:///{path}")
    return engine


def init(engine):
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS pages (doc TEXT PRIMARY KEY, done INTEGER)"))
        conn.execute(text("INSERT OR REPLACE INTO pages (doc, done) VALUES ('report.pdf', 0)"))


def mark_page_done(engine, doc, think_seconds=0.0):
    """Read the progress, then write it back: a read-then-write transaction."""
    with engine.begin() as conn:
        done = conn.execute(text("SELECT done FROM pages WHERE doc = :doc"), {"doc": doc}).scalar_one()
        time.sleep(think_seconds)
        conn.execute(text("UPDATE pages SET done = :done WHERE doc = :doc"), {"done": done + 1, "doc": doc})


def progress(engine, doc):
    with engine.connect() as conn:
        return conn.execute(text("SELECT done FROM pages WHERE doc = :doc"), {"doc": doc}).scalar_one()
