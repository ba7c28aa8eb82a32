"""Edge: the pool's workers take one lock around every use of the module
session (serialized: left alone); the other session is used only inside a
single background thread, never by the main thread (one thread: left alone)."""
import threading

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///feeds.db")
Session = sessionmaker(bind=engine)
session = Session()
poller_session = Session()
lock = threading.Lock()


def store_item(item):
    with lock:
        session.add(item)
        session.commit()


def poll_forever(fetch):
    while True:
        poller_session.add(fetch())
        poller_session.commit()
