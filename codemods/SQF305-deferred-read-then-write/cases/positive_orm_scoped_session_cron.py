"""Ingest and clean-up jobs run from cron against the file a Flask site reads:
a module-level scoped session. The ingest counts the frames already stored
and inserts when the count is zero (reported: two cron runs both count zero
and both insert). The clean-up lists expired frames, deletes their files and
then deletes the rows: a racer that deleted them first leaves nothing to
lose, so it is not reported."""
import os

from flask import Flask
from sqlalchemy import Column, DateTime, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

engine = create_engine("sqlite:///radar.db", connect_args={"check_same_thread": False})
session = scoped_session(sessionmaker(bind=engine))
Base = declarative_base()
app = Flask(__name__)


class Frame(Base):
    __tablename__ = "frames"
    id = Column(Integer, primary_key=True)
    stamp = Column(DateTime, index=True)
    path = Column(String)


def ingest(stamp, paths):
    if session.query(Frame).filter(Frame.stamp == stamp).count() > 0:
        return
    session.add_all([Frame(stamp=stamp, path=p) for p in paths])
    session.commit()


def clean_up(cutoff):
    expired = session.query(Frame).filter(Frame.stamp < cutoff).all()
    for frame in expired:
        os.remove(frame.path)
    session.query(Frame).filter(Frame.stamp < cutoff).delete()
    session.commit()


@app.route("/frames")
def frames():
    return {"count": session.query(Frame).count()}
