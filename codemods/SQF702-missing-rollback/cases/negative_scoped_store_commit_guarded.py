"""The same store done right three ways: a try that rolls back, a session per
call in `with Session() as s, s.begin():`, and a teardown hook that removes the
thread's scoped session after every request (here it would not even be needed)."""
import logging
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, jsonify, request
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

log = logging.getLogger(__name__)
engine = create_engine("sqlite:///events.db", connect_args={"timeout": 5})
Session = scoped_session(sessionmaker(bind=engine))
make_session = sessionmaker(bind=engine)
Base = declarative_base()
app = Flask(__name__)
pool = ThreadPoolExecutor(max_workers=4)


class Event(Base):
    __tablename__ = "events"
    id = Column(Integer, primary_key=True)
    name = Column(String)


class EventStore:
    def add_many(self, names):
        try:
            for name in names:
                Session.add(Event(name=name))
            Session.commit()
        except Exception:
            Session.rollback()
            log.exception("batch lost")
            raise

    def add_many_own_session(self, names):
        with make_session() as s, s.begin():
            for name in names:
                s.add(Event(name=name))


store = EventStore()


def import_batch(names):
    store.add_many_own_session(names)


@app.route("/events", methods=["POST"])
def post_events():
    names = request.json["names"]
    store.add_many(names)
    pool.submit(import_batch, names)
    return jsonify(ok=True)


@app.teardown_appcontext
def drop_session(exc=None):
    Session.remove()
