import time

import aiosqlite

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



async def get_db():
    db = await aiosqlite.connect(DB_PATH)
    db.row_factory = aiosqlite.Row
    return db


async def init_db():
    async with aiosqlite.connect(DB_PATH) as db:
        await db.executescript(SCHEMA)
        await db.commit()


@metrics.write_unit("create_document")
async def create_document(doc_id, filename, size):
    now = time.time()
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute(
            "INSERT INTO documents (id, filename, size, status, created_at, updated_at)"
            " VALUES (?, ?, ?, 'queued', ?, ?)",
            (doc_id, filename, size, now, now),
        )
        await db.commit()


async def get_document(doc_id):
    db = await get_db()
    cursor = await db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,))
    row = await cursor.fetchone()
    await db.close()
    return dict(row) if row else None


async def get_progress(db, doc_id):
    cursor = await db.execute(
        "SELECT status, stage, progress FROM documents WHERE id = ?", (doc_id,)
    )
    row = await cursor.fetchone()
    if row is None:
        return None
    cursor = await db.execute(
        "SELECT COUNT(*) FROM checkpoints WHERE doc_id = ?", (doc_id,)
    )
    (pages_done,) = await cursor.fetchone()
    return dict(row, checkpoints=pages_done)


@metrics.write_unit("set_status")
async def set_status(db, doc_id, status, stage=None, pages=None, progress=None, error=None):
    await db.execute(
        "UPDATE documents SET status = ?, stage = COALESCE(?, stage),"
        " pages = COALESCE(?, pages), progress = COALESCE(?, progress),"
        " error = ?, updated_at = ? WHERE id = ?",
        (status, stage, pages, progress, error, time.time(), doc_id),
    )
    await db.commit()


@metrics.write_unit("update_progress")
async def update_progress(db, doc_id, progress):
    # Read and write in one transaction so progress never goes backwards.
    await db.execute("BEGIN")
    cursor = await db.execute("SELECT progress FROM documents WHERE id = ?", (doc_id,))
    row = await cursor.fetchone()
    if row is not None and progress > row["progress"]:
        await db.execute(
            "UPDATE documents SET progress = ?, updated_at = ? WHERE id = ?",
            (progress, time.time(), doc_id),
        )
    await db.commit()


@metrics.write_unit("save_checkpoint_rows")
async def save_checkpoint_rows(db, doc_id, stage, results):
    for r in results:
        await db.execute(
            "INSERT INTO checkpoints (doc_id, stage, page, chars, digest, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (doc_id, stage, r["page"], r["chars"], r["digest"], time.time()),
        )
        await db.commit()


@metrics.write_unit("bump_stat")
async def bump_stat(db, name, by=1):
    cursor = await db.execute("SELECT value FROM stats WHERE name = ?", (name,))
    row = await cursor.fetchone()
    value = (row["value"] if row else 0) + by
    await db.execute(
        "INSERT OR REPLACE INTO stats (name, value) VALUES (?, ?)", (name, value)
    )
    await db.commit()


async def get_stats():
    async with aiosqlite.connect(DB_PATH) as db:
        cursor = await db.execute("SELECT name, value FROM stats")
        rows = await cursor.fetchall()
    return {name: value for name, value in rows}
