import sqlite3

from api import DB


def finish(job_id):
    with sqlite3.connect(DB) as conn:
        conn.execute("UPDATE jobs SET done = 1 WHERE id = ?", (job_id,))
