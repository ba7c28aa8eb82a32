"""The same worker threads, but what the DELETE removes was chosen by a state
another handler changes: expired rows (`expires_at <= ?`) that a re-add
refreshes, the next job of a queue (`ORDER BY ... LIMIT 1`) that two workers
both take, and rows a test of a read value against a literal picks. A refresh
between the read and the DELETE is deleted with the row. All reported."""
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

DB = "pool.db"
pool = ThreadPoolExecutor(max_workers=4)


def clear_expired():
    con = sqlite3.connect(DB)
    expired = con.execute(
        "SELECT tx_id FROM mempool WHERE expires_at <= ?", (int(time.time()),)
    ).fetchall()
    for row in expired:
        con.execute("DELETE FROM mempool WHERE tx_id = ?", (row[0],))
    con.commit()
    con.close()


def take_next_job(run):
    con = sqlite3.connect(DB)
    job = con.execute("SELECT id, payload FROM jobs ORDER BY id LIMIT 1").fetchone()
    if job:
        run(job[1])
        con.execute("DELETE FROM jobs WHERE id = ?", (job[0],))
        con.commit()
    con.close()


def drop_finished(owner):
    con = sqlite3.connect(DB)
    rows = con.execute("SELECT id, status FROM tasks WHERE owner = ?", (owner,)).fetchall()
    for task_id, status in rows:
        if status == "done":
            con.execute("DELETE FROM tasks WHERE id = ?", (task_id,))
    con.commit()
    con.close()


def refresh(tx_id, task_id):
    con = sqlite3.connect(DB)
    con.execute("UPDATE mempool SET expires_at = ? WHERE tx_id = ?", (int(time.time()) + 60, tx_id))
    con.execute("UPDATE tasks SET status = 'open' WHERE id = ?", (task_id,))
    con.execute("INSERT INTO jobs (payload) VALUES (?)", ("x",))
    con.commit()
    con.close()


def serve():
    pool.submit(clear_expired)
    pool.submit(take_next_job, print)
    pool.submit(drop_finished, 1)
    pool.submit(refresh, 1, 1)

