"""Still reported, though each looks like an upsert of one row: the update
writes back a value computed from what was read (a visit counter), and a
claim reads the next pending job by its state and then changes that state
(two worker threads both read the same job and both take it)."""

import sqlite3
import threading

DB = "jobs.db"


def visit(user_id, name):
    conn = sqlite3.connect(DB)
    row = conn.execute("SELECT visits FROM visitors WHERE uid = ?", (user_id,)).fetchone()
    if row:
        conn.execute(
            "UPDATE visitors SET visits = ?, name = ? WHERE uid = ?", (row[0] + 1, name, user_id)
        )
    else:
        conn.execute("INSERT INTO visitors (uid, name, visits) VALUES (?, ?, 1)", (user_id, name))
    conn.commit()
    conn.close()


def claim(worker):
    conn = sqlite3.connect(DB)
    job = conn.execute("SELECT id FROM jobs WHERE state = 'pending' LIMIT 1").fetchone()
    if job:
        conn.execute("UPDATE jobs SET state = 'running', worker = ? WHERE id = ?", (worker, job[0]))
        conn.commit()
    conn.close()


def serve():
    for n in range(8):
        threading.Thread(target=visit, args=(n, "guest")).start()
        threading.Thread(target=claim, args=(f"w{n}",)).start()


if __name__ == "__main__":
    serve()
