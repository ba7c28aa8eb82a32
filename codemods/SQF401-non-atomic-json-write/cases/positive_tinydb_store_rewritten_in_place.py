"""A job store kept in TinyDB, opened per call by several job processes.

TinyDB's JSON storage rewrites the whole file in place on every write (seek to
the start, write, truncate): the unlocked readers (`get_jobs`) and the next
start after a crash mid-write meet a cut or mixed document. The lock is taken
by writers only, after the store is opened. `record_run` is the same store
spelled with `with` and a table.
"""
import fcntl

import tinydb
from tinydb import Query, TinyDB


class JobStore:
    def __init__(self, path):
        self.path = path
        self.db = None

    def _connect(self, mode="r"):
        self.db = tinydb.TinyDB(self.path)
        if mode == "w":
            fcntl.lockf(self.db.storage._handle, fcntl.LOCK_EX)

    def get_jobs(self):
        self._connect()
        try:
            return self.db.all()
        finally:
            self.db.close()

    def update_job(self, job_id, fields):
        self._connect("w")
        try:
            self.db.update(fields, Query().id == job_id)
        finally:
            self.db.close()


def record_run(path, run_id, status):
    with TinyDB(path, indent=2) as db:
        runs = db.table("runs")
        runs.upsert({"id": run_id, "status": status}, Query().id == run_id)

