"""A small job server builds a repository object for every job it accepts.
The repository is handed the server's shared connection and makes a lock of
its own, so each job locks only itself while the pool runs jobs side by side
on the one connection."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

shared = sqlite3.connect("jobs.db", check_same_thread=False)
pool = ThreadPoolExecutor(max_workers=8)


class JobRepository:
    def __init__(self, connection):
        self.connection = connection
        self.lock = threading.RLock()

    def claim(self, job_id):
        with self.lock:
            self.connection.execute("UPDATE jobs SET state = 'running' WHERE id = ?", (job_id,))
            self.connection.commit()

    def finish(self, job_id, result):
        with self.lock:
            self.connection.execute(
                "UPDATE jobs SET state = 'done', result = ? WHERE id = ?", (result, job_id)
            )
            self.connection.commit()


def run_job(job_id):
    repo = JobRepository(shared)
    repo.claim(job_id)
    repo.finish(job_id, "ok")


def accept(job_ids):
    for job_id in job_ids:
        pool.submit(run_job, job_id)
