import sqlite3
import time

from app import metrics
from app.config import DB_PATH

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    filename TEXT NOT NULL,
    size INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued',
    stage TEXT,
    progress INTEGER NOT NULL DEFAULT 0,
    pages INTEGER,
    error TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    stage TEXT NOT NULL,
    page INTEGER NOT NULL,
    chars INTEGER NOT NULL,
    digest TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_checkpoints_doc ON checkpoints(doc_id);
CREATE TABLE IF NOT EXISTS jobs (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id),
    path TEXT NOT NULL,
    claimed_by TEXT,
    claimed_at REAL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS stats (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""



def connect():
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def init_db():
    conn = connect()
    conn.executescript(SCHEMA)
    conn.commit()
    conn.close()


@metrics.write_unit("create_document")
def create_document(doc_id, filename, size, path):
    now = time.time()
    conn = connect()
    conn.execute(
        "INSERT INTO documents (id, filename, size, status, created_at, updated_at)"
        " VALUES (?, ?, ?, 'queued', ?, ?)",
        (doc_id, filename, size, now, now),
    )
    conn.execute("INSERT INTO jobs (doc_id, path, created_at) VALUES (?, ?, ?)", (doc_id, path, now))
    conn.commit()
    conn.close()


def get_document(doc_id):
    conn = connect()
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    conn.close()
    return dict(row) if row else None


def get_progress(doc_id):
    conn = connect()
    row = conn.execute(
        "SELECT status, stage, progress FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    pages_done = conn.execute(
        "SELECT COUNT(*) FROM checkpoints WHERE doc_id = ?", (doc_id,)
    ).fetchone()[0]
    conn.close()
    return dict(row, checkpoints=pages_done) if row else None


@metrics.write_unit("claim_job")
def claim_job(worker_name):
    """Takes the oldest queued job, or returns None."""
    conn = connect()
    row = conn.execute(
        "SELECT doc_id, path FROM jobs WHERE claimed_by IS NULL ORDER BY created_at LIMIT 1"
    ).fetchone()
    if row is None:
        conn.close()
        return None
    conn.execute(
        "UPDATE jobs SET claimed_by = ?, claimed_at = ? WHERE doc_id = ?",
        (worker_name, time.time(), row["doc_id"]),
    )
    conn.commit()
    conn.close()
    return dict(row)


@metrics.write_unit("set_status")
def set_status(conn, doc_id, status, stage=None, pages=None, progress=None, error=None):
    conn.execute(
        "UPDATE documents SET status = ?, stage = COALESCE(?, stage),"
        " pages = COALESCE(?, pages), progress = COALESCE(?, progress),"
        " error = ?, updated_at = ? WHERE id = ?",
        (status, stage, pages, progress, error, time.time(), doc_id),
    )
    conn.commit()


@metrics.write_unit("update_progress")
def update_progress(conn, doc_id, progress):
    conn.execute(
        "UPDATE documents SET progress = ?, updated_at = ? WHERE id = ?",
        (progress, time.time(), doc_id),
    )
    conn.commit()


@metrics.write_unit("save_checkpoint_rows")
def save_checkpoint_rows(conn, doc_id, stage, results):
    for r in results:
        conn.execute(
            "INSERT INTO checkpoints (doc_id, stage, page, chars, digest, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (doc_id, stage, r["page"], r["chars"], r["digest"], time.time()),
        )
        conn.commit()


@metrics.write_unit("bump_stat")
def bump_stat(conn, name, by=1):
    row = conn.execute("SELECT value FROM stats WHERE name = ?", (name,)).fetchone()
    value = (row["value"] if row else 0) + by
    conn.execute("INSERT OR REPLACE INTO stats (name, value) VALUES (?, ?)", (name, value))
    conn.commit()


def get_stats():
    conn = connect()
    rows = conn.execute("SELECT name, value FROM stats").fetchall()
    conn.close()
    return {r["name"]: r["value"] for r in rows}
