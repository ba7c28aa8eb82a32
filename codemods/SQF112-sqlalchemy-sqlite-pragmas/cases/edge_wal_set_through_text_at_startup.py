"""The start-up routine switches the engine's own file to WAL through one of the
engine's connections (through `text()`, as SQLAlchemy 2.0 runs a raw statement), and the engine
waits up to 30 s for a lock. All that is left is synchronous=NORMAL, which trades
fsyncs for durability and changes no lock wait: no pragma advice. (The BEGIN
IMMEDIATE advice is another matter and stays.)"""
import threading

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///state/tracker.db", connect_args={"timeout": 30})
Session = sessionmaker(engine)


def prepare():
    with engine.connect() as conn:
        conn.execute(text("PRAGMA journal_mode=WAL"))


def record(row):
    with Session() as session:
        session.add(row)
        session.commit()


def main(rows):
    prepare()
    for row in rows:
        threading.Thread(target=record, args=(row,)).start()
