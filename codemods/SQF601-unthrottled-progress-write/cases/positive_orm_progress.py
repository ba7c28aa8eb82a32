# Progress written through an ORM session once per page, by a helper that loads
# the document, sets its progress and commits; the call is guarded by a
# try/except that rolls back (progress is best effort). The whole try is
# throttled, and the pending write after the loop is guarded the same way.
import threading
import time

from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models import Document

engine = create_engine("sqlite:///docs.db", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine)


def update_progress(session: Session, doc_id, progress):
    doc = session.get(Document, doc_id)
    if doc is not None and progress > doc.progress:
        doc.progress = progress
        doc.updated_at = time.time()
        session.commit()


def convert(page):
    time.sleep(0.1)
    return page.upper()


def process_document(doc_id, pages):
    session = SessionLocal()
    try:
        done = 0
        for page in pages:
            convert(page)
            done += 1
            try:
                update_progress(session, doc_id, int(100 * done / len(pages)))
            except OperationalError:
                session.rollback()
    finally:
        session.close()


def start(doc_id, pages):
    threading.Thread(target=process_document, args=(doc_id, pages)).start()
