import sqlite3 as db
from sqlite3 import connect as open_db

DB = "jobs.db"
shared = db.connect(DB, check_same_thread=False)


class Store:
    def __init__(self, path):
        self.conn = db.connect(path)

    def add(self, job):
        self.conn.execute("INSERT INTO jobs (name) VALUES (?)", (job,))
        self.conn.commit()


def connect_for_worker():
    return open_db(DB)


def mark_done(job_id):
    with db.connect(DB) as conn:
        conn.execute("UPDATE jobs SET done = 1 WHERE id = ?", (job_id,))


def count_rows(table):
    return Counter(db.connect(DB)).count(table)


class Counter:
    def __init__(self, conn):
        self.conn = conn

    def count(self, table):
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
