"""A sync service that keeps its cache in SQLite, written from threads, and its
jobs in PostgreSQL. Only the SQLite write's lock error can be swallowed: the
PostgreSQL statements (a psycopg2 cursor, `%s` placeholders) never get
"database is locked"."""
import logging
import os
import sqlite3
import threading

import psycopg2

log = logging.getLogger(__name__)

jobs_db = psycopg2.connect(os.environ["JOBS_DSN"])


def mark_done(job_id):
    cur = jobs_db.cursor()
    try:
        cur.execute("UPDATE jobs SET done = TRUE WHERE id = %s", (job_id,))
        jobs_db.commit()
    except Exception as e:
        log.warning("could not mark %s done: %s", job_id, e)


def record(conn, job_id):
    try:
        conn.execute("INSERT INTO seen (job_id) VALUES (%(id)s)", {"id": job_id})
        conn.commit()
    except Exception as e:
        log.warning("could not record %s: %s", job_id, e)


def remember(job_id):
    cache = sqlite3.connect("cache.db")
    try:
        cache.execute("INSERT OR REPLACE INTO seen (job_id) VALUES (?)", (job_id,))
        cache.commit()
    except sqlite3.OperationalError:
        pass
    finally:
        cache.close()


def run(job_ids):
    for job_id in job_ids:
        threading.Thread(target=remember, args=(job_id,)).start()
        mark_done(job_id)
