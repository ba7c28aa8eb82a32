"""A thread class of the project's own (`Worker(threading.Thread)`) whose
subclass makes the session; `run` ends by calling a method that finishes the
thread's bookkeeping, never closing the session: reported. A subclass that
hands the session to a helper (which may close it) is left alone."""
import threading

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///chat.db")
SessionLocal = sessionmaker(bind=engine)
active = {}


class Worker(threading.Thread):
    def finish(self):
        active.pop(self.name, None)


class ReplyWorker(Worker):
    def __init__(self, chat_id):
        super().__init__(name=f"reply-{chat_id}")
        self.chat_id = chat_id
        self.session = SessionLocal()

    def run(self):
        chat = self.session.get(Chat, self.chat_id)
        chat.replied = True
        self.session.commit()
        self.finish()


class HandingWorker(Worker):
    def __init__(self, chat_id):
        super().__init__()
        self.chat_id = chat_id
        self.session = SessionLocal()

    def run(self):
        mark_replied(self.session, self.chat_id)
        self.finish()


def mark_replied(session, chat_id):
    session.get(Chat, chat_id).replied = True
    session.commit()
    session.close()


class Chat:
    pass
