import logging
import sqlite3
import time

from app import metrics
from app.config import DB_PATH

log = logging.getLogger("docproc.db")

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
CREATE TABLE IF NOT EXISTS stats (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""


def get_connection():
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


# Opening a connection on every status poll showed up in profiles, so the hot
# status path reuses one connection (the pipeline threads share it too).
_status_conn = sqlite3.connect(DB_PATH, check_same_thread=False)
_status_conn.row_factory = sqlite3.Row


def init_db():
    conn = get_connection()
    conn.executescript(SCHEMA)
    conn.commit()
    conn.close()


def get_document(doc_id):
    row = _status_conn.execute(
        "SELECT * FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    return dict(row) if row else None


@metrics.write_unit("set_status")
def set_status(doc_id, status, stage=None, pages=None, progress=None, error=None):
    _status_conn.execute(
        "UPDATE documents SET status = ?, stage = COALESCE(?, stage), pages = COALESCE(?, pages),"
        " progress = COALESCE(?, progress), error = ?, updated_at = ? WHERE id = ?",
        (status, stage, pages, progress, error, time.time(), doc_id),
    )
    _status_conn.commit()


@metrics.write_unit("update_progress")
def update_progress(doc_id, progress):
    conn = get_connection()
    # Read and write in one transaction so progress never goes backwards when
    # updates arrive out of order.
    conn.execute("BEGIN")
    row = conn.execute(
        "SELECT progress FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    if row is not None and progress > row["progress"]:
        conn.execute(
            "UPDATE documents SET progress = ?, updated_at = ? WHERE id = ?",
            (progress, time.time(), doc_id),
        )
    conn.commit()
    conn.close()


@metrics.write_unit("save_checkpoint_rows")
def save_checkpoint_rows(doc_id, stage, results):
    conn = get_connection()
    for r in results:
        conn.execute(
            "INSERT INTO checkpoints (doc_id, stage, page, chars, digest, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (doc_id, stage, r["page"], r["chars"], r["digest"], time.time()),
        )
        # Commit each page so a crash mid-stage keeps the pages already done.
        conn.commit()
    conn.close()


@metrics.write_unit("bump_stat")
def bump_stat(name, by=1):
    conn = get_connection()
    row = conn.execute("SELECT value FROM stats WHERE name = ?", (name,)).fetchone()
    value = (row["value"] if row else 0) + by
    conn.execute(
        "INSERT OR REPLACE INTO stats (name, value) VALUES (?, ?)", (name, value)
    )
    conn.commit()
    conn.close()


def get_stats():
    conn = get_connection()
    rows = conn.execute("SELECT name, value FROM stats").fetchall()
    conn.close()
    return {r["name"]: r["value"] for r in rows}
