"""A job runner with one connection for the whole process, shared by its
worker threads under a lock, and no other program opening jobs.db: with no
second connection there is no lock to wait for, so `timeout=0` loses nothing."""
import sqlite3
import threading

conn = sqlite3.connect("jobs.db", timeout=0, check_same_thread=False)
conn.execute("PRAGMA busy_timeout=0")
lock = threading.Lock()


def finish(job_id):
    with lock:
        conn.execute("UPDATE jobs SET done = 1 WHERE id = ?", (job_id,))
        conn.commit()


if __name__ == "__main__":
    threads = [threading.Thread(target=finish, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
