"""The UPDATE repeats the read's filter, but the value it writes is computed from
the row read: a concurrent call between them is overwritten (reported). The insert
of the read's own key when absent overwrites nothing: a duplicate at worst (not
reported, own_row.rs). Rows picked by a filter, then deleted by id alone, may have been
refreshed by a concurrent call in between (reported). A re-filtered UPDATE with
an `else` that creates the row: two calls that both read "missing" both create
it (reported)."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()
DB_PATH = "members.db"


@app.post("/accounts/{account}/credit")
def credit(account: str, amount: int):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute("SELECT balance FROM accounts WHERE name = ?", (account,)).fetchone()
    if row:
        conn.execute(
            "UPDATE accounts SET balance = ? WHERE name = ?", (row[0] + amount, account)
        )
        conn.commit()
    conn.close()


@app.post("/runs/{commit}")
def record_run(commit: str):
    conn = sqlite3.connect(DB_PATH, isolation_level=None)
    existing = conn.execute("SELECT id FROM runs WHERE sha = ?", (commit,)).fetchone()
    if existing is None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO runs (sha) VALUES (?)", (commit,))
        conn.execute("COMMIT")
    conn.close()


@app.post("/jobs/expire")
def expire_jobs(now: int):
    conn = sqlite3.connect(DB_PATH)
    rows = conn.execute("SELECT id FROM jobs WHERE expires_at <= ?", (now,)).fetchall()
    for (job_id,) in rows:
        conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
    conn.commit()
    conn.close()


def _create(conn, path):
    conn.execute("INSERT INTO files (path) VALUES (?)", (path,))


@app.post("/files/move")
def move(old_path: str, new_path: str):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute("SELECT id FROM files WHERE path = ?", (old_path,)).fetchone()
    if row:
        conn.execute("UPDATE files SET path = ? WHERE path = ?", (new_path, old_path))
    else:
        _create(conn, new_path)
    conn.commit()
    conn.close()
