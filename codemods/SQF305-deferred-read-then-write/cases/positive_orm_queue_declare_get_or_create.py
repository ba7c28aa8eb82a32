"""A message transport keeping its queues in SQLite through SQLAlchemy, on one
session the channel keeps for its life. Declaring a queue looks it up and, if
absent, adds and commits it; two worker threads declaring the same queue both
find nothing and both insert, and the second hits the unique name. The
handler rolls back and returns the unsaved object, which the caller then
uses as if it were stored."""
import threading

from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import declarative_base, sessionmaker

Base = declarative_base()


class Queue(Base):
    __tablename__ = "queue"
    id = Column(Integer, primary_key=True)
    name = Column(String(200), unique=True)


class Channel:
    def __init__(self, url="sqlite:///broker.db"):
        self.engine = create_engine(url)
        Base.metadata.create_all(self.engine)
        self.session = sessionmaker(bind=self.engine)()

    def _get_or_create(self, name):
        obj = self.session.query(Queue).filter(Queue.name == name).first()
        if not obj:
            obj = Queue(name=name)
            self.session.add(obj)
            try:
                self.session.commit()
            except OperationalError:
                self.session.rollback()
        return obj

    def declare(self, name):
        return self._get_or_create(name).id


channel = Channel()


def consume(name):
    channel.declare(name)


for q in ("emails", "emails"):
    threading.Thread(target=consume, args=(q,)).start()
