"""Start-up code commits the shared scoped session once, before serving (not
reported: a failure there stops the program), and a worker's method commits it
per job with nothing to roll back (reported: the pool thread keeps the failed
session for its next job). A read-only method that commits nothing is fine."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

engine = create_engine("sqlite:///jobs.db")
Session = scoped_session(sessionmaker(bind=engine))
Base = declarative_base()


class Job(Base):
    __tablename__ = "jobs"
    id = Column(Integer, primary_key=True)
    state = Column(String)


def seed():
    Session.add(Job(state="seed"))
    Session.commit()


class Worker:
    def finish(self, job_id):
        job = Session.get(Job, job_id)
        job.state = "done"
        Session.merge(job)
        Session.commit()

    def pending(self):
        return Session.query(Job).filter_by(state="new").all()


def main():
    seed()
    worker = Worker()
    with ThreadPoolExecutor(max_workers=4) as pool:
        for job in worker.pending():
            pool.submit(worker.finish, job.id)


if __name__ == "__main__":
    main()
