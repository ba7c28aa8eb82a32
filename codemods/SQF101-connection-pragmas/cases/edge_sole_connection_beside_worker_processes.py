"""The same single shared connection, but the program also starts worker
processes that each import the module and open a connection of their own: a
second connection exists, so the pragma advice stays."""

import multiprocessing
import sqlite3

conn = sqlite3.connect("jobs.db", check_same_thread=False)


def record(job_id):
    conn.execute("UPDATE jobs SET done = 1 WHERE id = ?", (job_id,))
    conn.commit()


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        pool.map(record, range(100))
