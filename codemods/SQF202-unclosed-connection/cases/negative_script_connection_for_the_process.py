"""A worker script: `main()` opens one connection and polls with it until the
process is stopped. The `__main__` guard is its only caller, so there is one
connection for the life of the process, closed when the process exits; nothing
accumulates. The same holds for `setup()`, which hands its connection to a
loop that never returns."""
import sqlite3
import time


def pending(conn):
    return conn.execute("SELECT id FROM jobs WHERE state = 'new'").fetchall()


def main():
    conn = sqlite3.connect("jobs.db")
    while True:
        for (job_id,) in pending(conn):
            conn.execute("UPDATE jobs SET state = 'done' WHERE id = ?", (job_id,))
            conn.commit()
        time.sleep(5)


def setup():
    db = sqlite3.connect("jobs.db")
    db.execute("CREATE TABLE IF NOT EXISTS jobs (id INTEGER, state TEXT)")
    db.commit()
    watch(db)


def watch(db):
    while True:
        db.execute("SELECT count(*) FROM jobs").fetchone()
        time.sleep(1)


if __name__ == "__main__":
    setup()
    main()
