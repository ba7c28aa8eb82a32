"""Upload bookkeeping for a document service; FastAPI runs these sync endpoints on
its thread pool, so several requests execute them at once."""
import sqlite3
import time

from fastapi import FastAPI, HTTPException

app = FastAPI()
DB_PATH = "docs.db"


def get_connection():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.row_factory = sqlite3.Row
    return conn


def bump_stat(name, by=1):
    conn = get_connection()
    row = conn.execute("SELECT value FROM stats WHERE name = ?", (name,)).fetchone()
    value = (row["value"] if row else 0) + by
    conn.execute("INSERT OR REPLACE INTO stats (name, value) VALUES (?, ?)", (name, value))
    conn.commit()
    conn.close()


@app.post("/documents/{doc_id}/progress")
def update_progress(doc_id: str, progress: int):
    conn = get_connection()
    # Read and write in one transaction so progress never goes backwards.
    conn.execute("BEGIN")
    row = conn.execute("SELECT progress FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is not None and progress > row["progress"]:
        conn.execute(
            "UPDATE documents SET progress = ?, updated_at = ? WHERE id = ?",
            (progress, time.time(), doc_id),
        )
    conn.commit()
    conn.close()
    return {"ok": True}


@app.post("/jobs/claim")
def claim_job(worker: str):
    conn = get_connection()
    row = conn.execute(
        "SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1"
    ).fetchone()
    if row is None:
        conn.close()
        raise HTTPException(status_code=404, detail="no job")
    conn.execute("UPDATE jobs SET status = 'running', worker = ? WHERE id = ?", (worker, row["id"]))
    conn.commit()
    conn.close()
    bump_stat("jobs_claimed")
    return {"job": row["id"]}
