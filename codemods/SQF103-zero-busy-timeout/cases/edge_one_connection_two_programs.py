"""One module-level connection with `timeout=0`, but the module is also run as
a worker process by multiprocessing: each process opens jobs.db again, so a
writer can meet another process's lock and fail at once. Reported."""
import multiprocessing
import sqlite3

conn = sqlite3.connect("jobs.db", timeout=0)


def finish(job_id):
    conn.execute("UPDATE jobs SET done = 1 WHERE id = ?", (job_id,))
    conn.commit()


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        pool.map(finish, range(4))
