"""A sync job writes its status once per turn, and every turn waits about a
second per item in one-second steps that check a reset flag: the writes come
at least a second apart."""

import sqlite3
import threading

conn = sqlite3.connect("jobs.db", check_same_thread=False)
reset = threading.Event()


def refresh(source):
    source.pull()


def follow(job_id, sources):
    for n, source in enumerate(sources):
        refresh(source)
        conn.execute("UPDATE jobs SET progress = ? WHERE id = ?", (n, job_id))
        conn.commit()
        for _ in range(5):
            if reset.is_set():
                break
            reset.wait(1)
