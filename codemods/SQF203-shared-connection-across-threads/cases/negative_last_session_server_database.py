"""The same helper shape on a client-server database named only by its URL: not
a SQLite hazard, so this rule leaves it to a general review."""
import threading

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

engine = create_engine("postgresql+psycopg2://app@db/metrics")
Factory = sessionmaker(bind=engine)
_latest = None


def latest_session():
    global _latest
    if _latest is not None:
        _latest.close()
    _latest = Factory()
    return _latest


def sample(value):
    s = latest_session()
    s.execute(text("INSERT INTO samples(v) VALUES (:v)"), {"v": value})
    s.commit()


def start():
    for n in range(3):
        threading.Thread(target=sample, args=(n,)).start()
