"""Retry loops that wait and try again on "database is locked", then just end
after the last attempt: the write is lost and the caller is told nothing."""
import sqlite3
import time

MAX_RETRIES = 5


def save_result(conn, job_id, result):
    for attempt in range(MAX_RETRIES):
        try:
            conn.execute("UPDATE jobs SET result = ? WHERE id = ?", (result, job_id))
            conn.commit()
            break
        except sqlite3.OperationalError as e:
            if "locked" in str(e):
                time.sleep(0.1 * (attempt + 1))
                continue
            raise


def record_event(path, event):
    attempts = 0
    while attempts < MAX_RETRIES:
        try:
            with sqlite3.connect(path) as conn:
                conn.execute("INSERT INTO events VALUES (?)", (event,))
            return
        except sqlite3.OperationalError:
            attempts += 1
            time.sleep(0.05)


def mark_done(conn, job_id):
    # The attempts are counted by a literal list of delays: still a retry.
    for delay in (0.05, 0.1, 0.2):
        try:
            conn.execute("UPDATE jobs SET done = 1 WHERE id = ?", (job_id,))
            conn.commit()
            break
        except sqlite3.OperationalError:
            time.sleep(delay)
