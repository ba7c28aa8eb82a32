"""A sweeper thread marks stale jobs and holds its write open across a sleep
while the archiving thread deletes rows. The archive's first write is the one
that waits for the write lock, and the handler drops it when the busy timeout
runs out."""
import sqlite3
import threading
import time

DB = "jobs.db"


def archive(conn: sqlite3.Connection, job_id: int) -> None:
    try:
        conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
    except sqlite3.OperationalError:
        pass
    conn.execute("INSERT INTO archive (job_id) VALUES (?)", (job_id,))
    conn.commit()


def sweep(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE jobs SET state = 'stale' WHERE state = 'running'")
    time.sleep(10)  # let the runners notice before the change is visible
    conn.commit()


def start() -> None:
    threading.Thread(target=archive, args=(sqlite3.connect(DB), 1)).start()
    threading.Thread(target=sweep, args=(sqlite3.connect(DB),)).start()
