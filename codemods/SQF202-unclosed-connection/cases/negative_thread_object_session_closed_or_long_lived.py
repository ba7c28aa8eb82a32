"""Thread objects whose ORM session is closed when the work ends, handed to
`with`, closed by whoever stops the worker, or kept by a worker that serves
until the process stops (a `while` loop): not reported. Nor is a session kept
by a class that is not a thread."""
import queue
import threading

from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite:///jobs.db")
SessionLocal = sessionmaker(bind=engine)
workers = {}


class ClosingWorker(threading.Thread):
    def __init__(self, job_id):
        super().__init__()
        self.job_id = job_id
        self.session = SessionLocal()

    def run(self):
        try:
            job = self.session.get(Job, self.job_id)
            job.state = "done"
            self.session.commit()
        finally:
            self.session.close()


class WithWorker(threading.Thread):
    def __init__(self, job_id):
        super().__init__()
        self.job_id = job_id
        self.session = Session(engine)

    def run(self):
        with self.session:
            job = self.session.get(Job, self.job_id)
            job.state = "done"
            self.session.commit()


class StoppedWorker(threading.Thread):
    def __init__(self, job_id):
        super().__init__()
        self.job_id = job_id
        self.session = SessionLocal()

    def run(self):
        job = self.session.get(Job, self.job_id)
        job.state = "done"
        self.session.commit()


def stop(job_id):
    worker = workers.pop(job_id)
    worker.join()
    worker.session.close()


class QueueConsumer(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.jobs = queue.Queue()
        self.session = SessionLocal()

    def run(self):
        while True:
            job_id = self.jobs.get()
            job = self.session.get(Job, job_id)
            job.state = "done"
            self.session.commit()


class Repository:
    def __init__(self):
        self.session = SessionLocal()

    def run(self):
        self.session.execute("UPDATE jobs SET state = 'done'")
        self.session.commit()


class Job:
    pass
