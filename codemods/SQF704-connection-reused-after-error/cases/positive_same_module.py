"""A job queue whose worker loop keeps going when a status write fails."""
import logging
import sqlite3

log = logging.getLogger(__name__)


class JobQueue:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def _mark(self, job_id, state):
        self.conn.execute("UPDATE jobs SET state = ? WHERE id = ?", (state, job_id))
        self.conn.execute("INSERT INTO job_log (job_id, state) VALUES (?, ?)", (job_id, state))
        self.conn.commit()

    def work(self, jobs, handler):
        for job_id in jobs:
            try:
                self._mark(job_id, "running")
            except sqlite3.OperationalError:
                log.warning("could not mark job %s running; continuing", job_id)
                continue
            handler(job_id)
