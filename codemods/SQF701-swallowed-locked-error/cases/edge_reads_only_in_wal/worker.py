"""The job runner: its own process, writing the shared state file as steps
finish. It created the file in WAL (the mode is stored in the file)."""

import sqlite3
import time

STATE_DB = "state.db"


def record_step(job_id, name):
    conn = sqlite3.connect(STATE_DB)
    with conn:
        conn.execute("INSERT INTO steps (job_id, name) VALUES (?, ?)", (job_id, name))
        conn.execute("UPDATE jobs SET status = 'running' WHERE id = ?", (job_id,))
    conn.close()


if __name__ == "__main__":
    setup = sqlite3.connect(STATE_DB)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.close()
    while True:
        record_step(1, "tick")
        time.sleep(1)
