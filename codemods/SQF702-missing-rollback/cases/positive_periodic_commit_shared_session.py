"""A tornado chat server keeps one SQLAlchemy session for the whole process;
a PeriodicCallback stamps the server's last-activity time and commits it."""
import datetime

import tornado.ioloop
import tornado.web
from sqlalchemy import Column, DateTime, Integer, String, create_engine
from sqlalchemy.orm import Session, declarative_base

engine = create_engine("sqlite:///chat.db")
Base = declarative_base()
db = Session(engine)


class Room(Base):
    __tablename__ = "rooms"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    last_active = Column(DateTime)


def touch_rooms():
    now = datetime.datetime.utcnow()
    for room in db.query(Room).all():
        room.last_active = now
    db.commit()


class RoomsHandler(tornado.web.RequestHandler):
    def get(self):
        self.write({"rooms": [r.name for r in db.query(Room).all()]})

    def post(self):
        db.add(Room(name=self.get_argument("name")))
        db.commit()


def main():
    app = tornado.web.Application([(r"/rooms", RoomsHandler)])
    app.listen(8888)
    tornado.ioloop.PeriodicCallback(touch_rooms, 60_000).start()
    tornado.ioloop.IOLoop.current().start()
