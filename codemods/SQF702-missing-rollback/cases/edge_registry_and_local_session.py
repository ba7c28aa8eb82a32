"""A job runner on SQLAlchemy: pool threads commit on a module-level
scoped_session registry (reported: the thread keeps the failed session for its
next job), and on sessions they make and drop themselves (not reported)."""
import logging
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

log = logging.getLogger(__name__)

engine = create_engine("sqlite:///jobs.db")
Session = scoped_session(sessionmaker(bind=engine))
make_session = sessionmaker(bind=engine)
pool = ThreadPoolExecutor(max_workers=4)


def finish(job_id):
    try:
        Session.execute(text("UPDATE jobs SET done = 1 WHERE id = :id"), {"id": job_id})
        Session.commit()
    except Exception as exc:
        log.warning("job %s not marked done: %s", job_id, exc)


def finish_alone(job_id):
    session = make_session()
    try:
        session.execute(text("UPDATE jobs SET done = 1 WHERE id = :id"), {"id": job_id})
        session.commit()
    except Exception as exc:
        log.warning("job %s not marked done: %s", job_id, exc)
    finally:
        session.close()


def submit(job_id):
    pool.submit(finish, job_id)
    pool.submit(finish_alone, job_id)
