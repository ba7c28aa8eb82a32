"""Each caller gets its own session and closes it; a thread-scoped registry is
removed at the end of each thread's work."""
import threading

from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///uploads.db")
NewSession = sessionmaker(bind=engine)
PerThread = scoped_session(NewSession)


def mark_done(upload):
    with NewSession() as session:
        session.execute(text("UPDATE uploads SET done = 1 WHERE id = :u"), {"u": upload})
        session.commit()


def count_pending():
    try:
        return PerThread().execute(text("SELECT count(*) FROM uploads WHERE done = 0")).scalar()
    finally:
        PerThread.remove()


def worker(upload):
    mark_done(upload)
    count_pending()


def start(uploads):
    for upload in uploads:
        threading.Thread(target=worker, args=(upload,)).start()
