"""Per-iteration writes through an object made in the same iteration.

On a database file `tempfile` made for that iteration, nothing else opens
the file: no write waits for another, nothing to throttle. On the shared
database, the per-iteration status write is the storm SQF601 reports.
"""

import os
import sqlite3
import tempfile


class Store:
    def __init__(self, db_path):
        self.conn = sqlite3.connect(db_path)

    def mark(self, job_id, state):
        self.conn.execute("UPDATE jobs SET status = ? WHERE id = ?", (state, job_id))
        self.conn.commit()


def evaluate_each_on_scratch(questions, answer):
    # Not reported: one fresh temporary database per question.
    for q in questions:
        scratch = tempfile.mktemp(suffix=".db")
        store = Store(db_path=scratch)
        answer(q)
        store.mark(q["id"], "done")
        os.remove(scratch)


def evaluate_each_in_temp_dir(questions, answer):
    # Not reported: a connection opened per item inside a fresh temporary folder.
    for q in questions:
        with tempfile.TemporaryDirectory() as tmp:
            conn = sqlite3.connect(os.path.join(tmp, "run.db"))
            answer(q)
            conn.execute("UPDATE jobs SET status = 'done' WHERE id = ?", (q["id"],))
            conn.commit()
            conn.close()


def evaluate_each_on_shared(questions, answer, db_path):
    # Reported: a new object per item, but every one opens the same database.
    for q in questions:
        store = Store(db_path)
        answer(q)
        store.mark(q["id"], "done")


def evaluate_with_one_scratch(questions, answer):
    # Reported: the object is made once, before the loop, and the loop writes
    # its status on every item; only objects made anew per iteration count.
    store = Store(tempfile.mktemp(suffix=".db"))
    for q in questions:
        answer(q)
        store.mark(q["id"], "done")
