"""A Flask API whose store writes a batch on a module-level scoped_session
and commits once with nothing to roll back. Nothing removes the session at
the end of a request, so the worker thread keeps it: a commit that fails on
"database is locked" (the pool thread below writes too) leaves the thread's
session failed for every later request that thread serves."""
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, jsonify, request
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

engine = create_engine("sqlite:///events.db", connect_args={"timeout": 5})
Session = scoped_session(sessionmaker(bind=engine))
Base = declarative_base()
app = Flask(__name__)
pool = ThreadPoolExecutor(max_workers=4)


class Event(Base):
    __tablename__ = "events"
    id = Column(Integer, primary_key=True)
    name = Column(String)


class EventStore:
    def add_many(self, names):
        for name in names:
            Session.add(Event(name=name))
        Session.commit()

    def count(self):
        return Session.query(Event).count()


store = EventStore()


def import_batch(names):
    store.add_many(names)


@app.route("/events", methods=["POST"])
def post_events():
    names = request.json["names"]
    store.add_many(names)
    pool.submit(import_batch, [n.upper() for n in names])
    return jsonify(count=store.count())
