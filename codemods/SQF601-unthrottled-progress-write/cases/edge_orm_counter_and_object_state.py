# ORM shapes SQF601 must not throttle: a counter the helper adds to (skipping a
# write loses pages: reported with advice), and an object's own state
# (`self.status`), which is not a row.
import time

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from models import Document

engine = create_engine("sqlite:///docs.db")


def count_page(session: Session, doc_id):
    doc = session.get(Document, doc_id)
    doc.pages_done += 1
    session.commit()


def process(session: Session, doc_id, pages):
    for page in pages:
        time.sleep(0.1)
        count_page(session, doc_id)


class Job:
    def __init__(self, conn):
        self.conn = conn
        self.status = "new"

    def step(self, n):
        self.status = f"step {n}"
        self.conn.commit()

    def run(self, steps):
        for n in range(steps):
            time.sleep(0.1)
            self.step(n)
