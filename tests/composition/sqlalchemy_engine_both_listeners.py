# composes: SQF112
# A sync SQLAlchemy engine used from worker threads: the PRAGMA listener and the
# BEGIN IMMEDIATE listeners are both added after the same `create_engine`, and
# the new `event` import joins the existing `from sqlalchemy import ...`.
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

engine = create_engine("sqlite:///./counters.db")


def bump(name):
    with Session(engine) as session:
        value = session.execute(text("SELECT n FROM counters WHERE name = :n"), {"n": name}).scalar()
        session.execute(text("UPDATE counters SET n = :v WHERE name = :n"), {"v": value + 1, "n": name})
        session.commit()


def bump_all(names):
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(bump, names))
