"""Edges of "another table": a table named at run time may be the one read, so
a rebuild into `f"{table}"` stays reported; an UPDATE whose SET mixes a
constant and a bound value from the arguments is not a constant write
(reported); an UPDATE that sets only constants (`SET done = 1, done_at =
CURRENT_TIMESTAMP`) is idempotent (not reported)."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()
DB_PATH = "jobs.db"


@app.post("/copy/{table}")
def copy_rows(table: str):
    conn = sqlite3.connect(DB_PATH)
    rows = conn.execute("SELECT id, body FROM jobs").fetchall()
    for job_id, body in rows:
        conn.execute(f"INSERT INTO {table} (id, body) VALUES (?, ?)", (job_id, body))
    conn.commit()
    conn.close()


@app.post("/jobs/{name}/finish/{worker}")
def finish(name: str, worker: str):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute("SELECT id, state FROM jobs WHERE name = ?", (name,)).fetchone()
    if row is not None and row[1] == "running":
        conn.execute(
            "UPDATE jobs SET state = 'done', finished_by = ? WHERE id = ?", (worker, row[0])
        )
        conn.commit()
    conn.close()


@app.post("/jobs/{name}/seen")
def mark_seen(name: str):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute("SELECT id, seen FROM jobs WHERE name = ?", (name,)).fetchone()
    if row is not None and not row[1]:
        conn.execute(
            "UPDATE jobs SET seen = 1, seen_at = CURRENT_TIMESTAMP WHERE id = ?", (row[0],)
        )
        conn.commit()
    conn.close()
