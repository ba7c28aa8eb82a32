import threading
from concurrent.futures import ThreadPoolExecutor

from work.db import Row, Session, ThreadSession


class PerCall:
    """Each job makes and closes its own session."""

    def __init__(self):
        self.session = Session()

    def process(self, item):
        with Session() as session:
            session.add(Row(name=item))
            session.commit()

    def run(self, items):
        with ThreadPoolExecutor(max_workers=4) as pool:
            pool.map(self.process, items)
        return self.session.query(Row).count()


class Locked:
    """One session, every use under the object's lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.session = Session()

    def process(self, item):
        with self.lock:
            self.session.add(Row(name=item))

    def run(self, items):
        with ThreadPoolExecutor(max_workers=4) as pool:
            for item in items:
                pool.submit(self.process, item)
        with self.lock:
            self.session.commit()


class Scoped:
    """A scoped_session registry: each worker thread gets a session of its own."""

    def __init__(self):
        self.session = ThreadSession

    def process(self, item):
        self.session.add(Row(name=item))
        self.session.commit()

    def run(self, items):
        with ThreadPoolExecutor(max_workers=4) as pool:
            pool.map(self.process, items)
        return self.session.query(Row).count()
