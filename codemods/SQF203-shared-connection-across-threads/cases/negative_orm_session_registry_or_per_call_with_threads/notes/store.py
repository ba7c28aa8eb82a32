"""Two stores used by the sync workers' threads: one asks a thread-local
registry for its session (removed after each job), one makes a session per call."""
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

Base = declarative_base()
engine = create_engine("sqlite:///notes.db")
Factory = sessionmaker(bind=engine)


class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    body = Column(String)


class RegistryStore:
    def __init__(self):
        self.sessions = scoped_session(Factory)

    def add(self, body):
        self.sessions.add(Note(body=body))
        self.sessions.commit()

    def count(self):
        return self.sessions.query(Note).count()

    def done(self):
        self.sessions.remove()


class CallStore:
    def __init__(self):
        self.factory = Factory

    def add(self, body):
        with self.factory() as session:
            session.add(Note(body=body))
            session.commit()

    def count(self):
        with self.factory() as session:
            return session.query(Note).count()
