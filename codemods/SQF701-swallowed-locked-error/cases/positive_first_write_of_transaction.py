"""A worker pool writes the jobs table while the request thread archives rows.
The archive's first write is the one that waits for the write lock, and the
handler drops it when the busy timeout runs out."""
import sqlite3
import threading

DB = "jobs.db"


def archive(conn: sqlite3.Connection, job_id: int) -> None:
    try:
        conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
    except sqlite3.OperationalError:
        pass
    conn.execute("INSERT INTO archive (job_id) VALUES (?)", (job_id,))
    conn.commit()


def start() -> None:
    threading.Thread(target=archive, args=(sqlite3.connect(DB), 1)).start()
