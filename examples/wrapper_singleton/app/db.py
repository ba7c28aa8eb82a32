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
CREATE TABLE IF NOT EXISTS stats (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""


class Database:
    """Thin wrapper around one sqlite3 connection, shared by the whole app."""

    def __init__(self, path):
        self.path = path
        # The routes and the pipeline threads all go through this one object.
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row

    def init_schema(self):
        self.conn.executescript(SCHEMA)
        self.conn.commit()

    @metrics.write_unit("create_document")
    def create_document(self, doc_id, filename, size):
        now = time.time()
        self.conn.execute(
            "INSERT INTO documents (id, filename, size, status, created_at, updated_at)"
            " VALUES (?, ?, ?, 'queued', ?, ?)",
            (doc_id, filename, size, now, now),
        )
        self.conn.commit()

    def get_document(self, doc_id):
        row = self.conn.execute(
            "SELECT * FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return dict(row) if row else None

    def get_progress(self, doc_id):
        row = self.conn.execute(
            "SELECT status, stage, progress FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        pages_done = self.conn.execute(
            "SELECT COUNT(*) FROM checkpoints WHERE doc_id = ?", (doc_id,)
        ).fetchone()[0]
        return dict(row, checkpoints=pages_done)

    @metrics.write_unit("set_status")
    def set_status(self, doc_id, status, stage=None, pages=None, progress=None, error=None):
        self.conn.execute(
            "UPDATE documents SET status = ?, stage = COALESCE(?, stage),"
            " pages = COALESCE(?, pages), progress = COALESCE(?, progress),"
            " error = ?, updated_at = ? WHERE id = ?",
            (status, stage, pages, progress, error, time.time(), doc_id),
        )
        self.conn.commit()

    @metrics.write_unit("update_progress")
    def update_progress(self, doc_id, progress):
        row = self.conn.execute(
            "SELECT progress FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is not None and progress > row["progress"]:
            self.conn.execute(
                "UPDATE documents SET progress = ?, updated_at = ? WHERE id = ?",
                (progress, time.time(), doc_id),
            )
            self.conn.commit()

    @metrics.write_unit("save_checkpoint_rows")
    def save_checkpoint_rows(self, doc_id, stage, results):
        for r in results:
            self.conn.execute(
                "INSERT INTO checkpoints (doc_id, stage, page, chars, digest, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (doc_id, stage, r["page"], r["chars"], r["digest"], time.time()),
            )
            self.conn.commit()

    @metrics.write_unit("bump_stat")
    def bump_stat(self, name, by=1):
        row = self.conn.execute(
            "SELECT value FROM stats WHERE name = ?", (name,)
        ).fetchone()
        value = (row["value"] if row else 0) + by
        self.conn.execute(
            "INSERT OR REPLACE INTO stats (name, value) VALUES (?, ?)", (name, value)
        )
        self.conn.commit()

    def get_stats(self):
        rows = self.conn.execute("SELECT name, value FROM stats").fetchall()
        return {r["name"]: r["value"] for r in rows}


db = Database(DB_PATH)
