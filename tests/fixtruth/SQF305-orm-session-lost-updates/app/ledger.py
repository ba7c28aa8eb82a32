from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session


def make_engine(path):
    return create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})


def init(engine):
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS pages (doc TEXT PRIMARY KEY, done INTEGER)"))
        conn.execute(text("INSERT OR REPLACE INTO pages (doc, done) VALUES ('report.pdf', 0)"))


def mark_page_done(engine, doc, between=None):
    """Load the progress, then store it plus one: a read-then-write transaction."""
    with Session(engine) as session:
        done = session.execute(text("SELECT done FROM pages WHERE doc = :doc"), {"doc": doc}).scalar_one()
        if between is not None:
            between()
        session.execute(text("UPDATE pages SET done = :done WHERE doc = :doc"), {"done": done + 1, "doc": doc})
        session.commit()


def progress(engine, doc):
    with Session(engine) as session:
        return session.execute(text("SELECT done FROM pages WHERE doc = :doc"), {"doc": doc}).scalar_one()
