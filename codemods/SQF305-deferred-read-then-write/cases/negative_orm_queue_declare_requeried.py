"""Queue declarations on a long-lived SQLAlchemy session that are safe: the
lookup-then-insert catches the unique key's IntegrityError, rolls back and
reads the row the other worker stored; the settings row has no key (a second
default row is as good as the first); and the rename is one compare-and-set
UPDATE whose change count says whether this worker won."""
import threading

from sqlalchemy import Column, Integer, String, create_engine, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import declarative_base, sessionmaker

Base = declarative_base()


class Queue(Base):
    __tablename__ = "queue"
    id = Column(Integer, primary_key=True)
    name = Column(String(200), unique=True)
    owner = Column(String(200))


class Settings(Base):
    __tablename__ = "settings"
    id = Column(Integer, primary_key=True)


class Channel:
    def __init__(self):
        self.engine = create_engine("sqlite:///broker.db")
        self.session = sessionmaker(bind=self.engine)()

    def get_or_create(self, name):
        obj = self.session.query(Queue).filter(Queue.name == name).first()
        if obj is None:
            obj = Queue(name=name)
            self.session.add(obj)
            try:
                self.session.commit()
            except IntegrityError:
                self.session.rollback()
                obj = self.session.query(Queue).filter(Queue.name == name).first()
        return obj

    def settings(self):
        row = self.session.query(Settings).first()
        if row is None:
            self.session.add(Settings())
            self.session.commit()

    def take(self, name, owner):
        done = self.session.execute(
            update(Queue).where(Queue.name == name, Queue.owner.is_(None)).values(owner=owner)
        )
        self.session.commit()
        return done.rowcount == 1


channel = Channel()


def consume(name):
    channel.get_or_create(name)
    channel.settings()
    channel.take(name, threading.current_thread().name)


for q in ("emails", "emails"):
    threading.Thread(target=consume, args=(q,)).start()
