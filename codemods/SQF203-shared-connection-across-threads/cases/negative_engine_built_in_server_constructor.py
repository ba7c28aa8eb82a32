"""An ORM engine built in a server's constructor on the main thread, used by the
server's own thread and by request threads through a thread-scoped session. No
thread flag is needed: SQLAlchemy 1.x's pysqlite dialect gives a file database a
NullPool (each checkout opens its connection on the thread that uses it), and 2.x
passes check_same_thread=False itself and pools with QueuePool; each thread has
its own Session."""
import queue
import threading

from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker


class EventStore(threading.Thread):
    def __init__(self, path):
        super().__init__(daemon=True)
        self.engine = create_engine("sqlite:///" + path)
        self.Session = scoped_session(sessionmaker(bind=self.engine))
        self.inbox = queue.Queue()

    def run(self):
        while True:
            event = self.inbox.get()
            session = self.Session()
            try:
                session.execute(text("INSERT INTO events(body) VALUES (:b)"), {"b": event})
                session.commit()
            finally:
                self.Session.remove()

    def recent(self):
        try:
            return self.Session().execute(text("SELECT body FROM events")).fetchall()
        finally:
            self.Session.remove()
